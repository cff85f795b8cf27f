import { Pool } from 'pg';
import { ChallengeFlowRepository } from '../persistence/challenge-flow.repository';
import { RecoveryFlow } from './recovery.state';

/** Recovery flows: the shared flow table with the challenge-flow guards (wrong-code count, transitions). */
export class RecoveryFlowRepository extends ChallengeFlowRepository<RecoveryFlow> {
  constructor(pool: Pool, schema: string) {
    super(pool, schema, 'recovery');
  }
}

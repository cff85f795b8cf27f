import { Pool } from 'pg';
import { ChallengeFlowRepository } from '../persistence/challenge-flow.repository';
import { VerificationFlow } from './verification.state';

/** Verification flows: the shared flow table with the challenge-flow guards (wrong-code count, transitions). */
export class VerificationFlowRepository extends ChallengeFlowRepository<VerificationFlow> {
  constructor(pool: Pool, schema: string) {
    super(pool, schema, 'verification');
  }
}

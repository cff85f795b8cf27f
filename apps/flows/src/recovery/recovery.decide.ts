import type { Decider } from '@gatehouse/eventsourcing';
import { decideChallenge } from '../challenge/challenge.decide';
import { RecoveryCommand, RecoveryRejection, RequestRecovery, SubmitRecoverySecret } from './recovery.commands';
import { RecoveryEvent, RecoveryState, evolve, initialState } from './recovery.state';

/** Pure: decides what a recovery request or a submitted code/token records (the challenge logic is shared with
 * verification); a success also names the session and the settings flow it continues with. */
export function decide(command: RecoveryCommand, flow: RecoveryState): RecoveryEvent[] | RecoveryRejection {
  return decideChallenge<RequestRecovery, SubmitRecoverySecret, RecoveryEvent>(command, flow, {
    isRequest: (c): c is RequestRecovery => c.type === 'RequestRecovery',
    sent: (data) => ({ type: 'RecoveryRequested', version: 1, data }),
    passed: (c, m) => ({
      type: 'RecoverySucceeded',
      version: 1,
      data: {
        flow_id: c.flowId,
        identity_id: m.identityId,
        method: c.method,
        ...(m.address ? { address: m.address } : {}),
        session_id: c.sessionId,
        settings_flow_id: c.settingsFlowId,
        recovered_at: c.now.toISOString(),
      },
    }),
  });
}

export const recoveryDecider: Decider<RecoveryState, RecoveryCommand, RecoveryEvent, RecoveryRejection> = {
  initialState,
  evolve,
  decide,
};

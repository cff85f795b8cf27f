import { Decider } from '@gatehouse/eventsourcing';
import { RecoveryCommand, RecoveryRejection, RequestRecovery, SubmitRecoverySecret } from './recovery.commands';
import { RecoveryEvent, RecoveryState, evolve, initialState } from './recovery.state';

type Result = RecoveryEvent[] | RecoveryRejection;

/** Pure: decides what a recovery request or a submitted code/token records. Whether a secret is unused and
 * matches is looked up before (`match`); that it is used only once is enforced again in the write. */
export function decide(command: RecoveryCommand, flow: RecoveryState): Result {
  if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
  if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  switch (command.type) {
    case 'RequestRecovery':
      return request(command, flow.state);
    case 'SubmitRecoverySecret':
      return submit(command, flow.state, flow.failedSubmissions ?? 0);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

function request(c: RequestRecovery, state: string): Result {
  if (state === 'passed_challenge') return { reason: 'flow_completed' };
  // an unknown address: no event, nothing is sent (the answer stays the same)
  if (!c.recipient) return [];
  const r = c.recipient;
  const common = { flow_id: c.flowId, identity_id: r.identityId, address_id: r.addressId, address: r.address, via: r.via, expires_at: c.expiresAt.toISOString() };
  const data = c.method === 'code' ? { ...common, method: 'code' as const, sealed_code: c.sealed } : { ...common, method: 'link' as const, sealed_token: c.sealed };
  return [{ type: 'RecoveryRequested', version: 1, data }];
}

function submit(c: SubmitRecoverySecret, state: string, failed: number): Result {
  // a passed flow's secret has been used already
  if (state === 'passed_challenge') return { reason: 'secret_invalid' };
  if (failed >= c.maxSubmissions) return { reason: 'too_many_submissions' };
  const m = c.match;
  if (!m) return { reason: 'secret_invalid' };
  if (c.now.getTime() >= m.expiresAt.getTime()) return { reason: 'secret_expired', expiredAt: m.expiresAt.toISOString() };
  return [
    {
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
    },
  ];
}

export const recoveryDecider: Decider<RecoveryState, RecoveryCommand, RecoveryEvent, RecoveryRejection> = {
  initialState,
  evolve,
  decide,
};

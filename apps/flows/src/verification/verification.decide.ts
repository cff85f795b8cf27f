import { Decider } from '@gatehouse/eventsourcing';
import { RequestVerification, SubmitVerificationSecret, VerificationCommand } from './verification.commands';
import { VerificationRejection } from './verification.errors';
import { VerificationEvent, VerificationState, evolve, initialState } from './verification.state';

type Result = VerificationEvent[] | VerificationRejection;

/** Pure: decides what a verification request or a submitted code/token records. Whether a secret is unused
 * and matches is looked up before (`match`); that it is used only once is enforced again in the write. */
export function decide(command: VerificationCommand, flow: VerificationState): Result {
  if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
  if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  switch (command.type) {
    case 'RequestVerification':
      return request(command, flow.state);
    case 'SubmitVerificationSecret':
      return submit(command, flow.state, flow.failedSubmissions ?? 0);
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

function request(c: RequestVerification, state: string): Result {
  if (state === 'passed_challenge') return { reason: 'flow_completed' };
  // an unknown address: no event, nothing is sent (the answer stays the same)
  if (!c.recipient) return [];
  const r = c.recipient;
  const common = { flow_id: c.flowId, identity_id: r.identityId, address_id: r.addressId, address: r.address, via: r.via, expires_at: c.expiresAt.toISOString() };
  const data = c.method === 'code' ? { ...common, method: 'code' as const, sealed_code: c.sealed } : { ...common, method: 'link' as const, sealed_token: c.sealed };
  return [{ type: 'VerificationRequested', version: 1, data }];
}

function submit(c: SubmitVerificationSecret, state: string, failed: number): Result {
  // a passed flow's secret has been used already
  if (state === 'passed_challenge') return { reason: 'secret_invalid' };
  if (failed >= c.maxSubmissions) return { reason: 'too_many_submissions' };
  const m = c.match;
  if (!m) return { reason: 'secret_invalid' };
  if (c.now.getTime() >= m.expiresAt.getTime()) return { reason: 'secret_expired', expiredAt: m.expiresAt.toISOString() };
  return [
    {
      type: 'AddressVerified',
      version: 1,
      data: {
        identity_id: m.identityId,
        address_id: m.addressId,
        address: m.address,
        via: m.via,
        flow_id: c.flowId,
        method: c.method,
        verified_at: c.now.toISOString(),
      },
    },
  ];
}

export const verificationDecider: Decider<VerificationState, VerificationCommand, VerificationEvent, VerificationRejection> = {
  initialState,
  evolve,
  decide,
};

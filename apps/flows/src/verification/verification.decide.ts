import type { Decider } from '@gatehouse/eventsourcing';
import { decideChallenge } from '../challenge/challenge.decide';
import { RequestVerification, SubmitVerificationSecret, VerificationCommand } from './verification.commands';
import { VerificationRejection } from './verification.errors';
import { VerificationEvent, VerificationState, evolve, initialState } from './verification.state';

/** Pure: decides what a verification request or a submitted code/token records (the challenge logic is shared
 * with recovery); a success verifies the matched address. */
export function decide(command: VerificationCommand, flow: VerificationState): VerificationEvent[] | VerificationRejection {
  return decideChallenge<RequestVerification, SubmitVerificationSecret, VerificationEvent>(command, flow, {
    isRequest: (c): c is RequestVerification => c.type === 'RequestVerification',
    sent: (data) => ({ type: 'VerificationRequested', version: 1, data }),
    passed: (c, m) => ({
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
    }),
  });
}

export const verificationDecider: Decider<VerificationState, VerificationCommand, VerificationEvent, VerificationRejection> = {
  initialState,
  evolve,
  decide,
};

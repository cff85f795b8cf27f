import { randomUUID } from 'node:crypto';
import { TraitsChanged, VerificationRequested } from '@gatehouse/contracts';
import { issueCode } from '../verification/verification-code';

/** A verification mail a profile change sends: the event and the code digest it keeps. */
export interface PlannedVerification {
  event: { type: string; version: number; data: VerificationRequested.V1.Data };
  digest: string;
}

/** Kratos's settings verification hook (on whenever verification is enabled): every verifiable address a profile
 * change adds, not verified yet, gets a code in a verification flow of its own (as a registration's address does). */
export function plannedVerifications(
  data: TraitsChanged.V1.Data,
  previousAddressIds: ReadonlySet<string>,
  now: Date,
  options: { enabled: boolean; lifespanMs: number; secrets: { cipher: readonly string[]; default: readonly string[] } },
): PlannedVerification[] {
  if (!options.enabled) return [];
  return data.verifiable_addresses
    .filter((a) => !previousAddressIds.has(a.id) && !a.verified && a.via === 'email')
    .map((a) => {
      const flowId = randomUUID();
      const code = issueCode(flowId, options.secrets);
      const requested: VerificationRequested.V1.Data = {
        flow_id: flowId,
        identity_id: data.identity_id,
        address_id: a.id,
        address: a.value,
        via: a.via,
        expires_at: new Date(now.getTime() + options.lifespanMs).toISOString(),
        method: 'code',
        sealed_code: code.sealed,
      };
      return { event: { type: VerificationRequested.V1.name, version: 1, data: requested }, digest: code.digest };
    });
}

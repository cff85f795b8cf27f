import { randomUUID } from 'node:crypto';
import { EventEnvelope, IdentityRegistered, RecoveryRequested, sealCode, streamId } from '@gatehouse/contracts';
import { TEST_SECRETS } from './infra';

/** RecoveryRequested v1 for the first recovery address of a registration (a code sealed with TEST_SECRETS). */
export function recoveryRequested(
  registered: EventEnvelope<IdentityRegistered.V1.Data>,
  o: { method?: 'code' | 'link'; secret?: string; expiresAt?: Date; flowId?: string; streamVersion?: number; eventId?: string } = {},
): EventEnvelope<RecoveryRequested.V1.Data> {
  const identityId = registered.data.identity_id;
  const a = registered.data.recovery_addresses[0] ?? registered.data.verifiable_addresses[0];
  const sealed = sealCode(o.secret ?? '123456', TEST_SECRETS.cipher);
  const common = {
    flow_id: o.flowId ?? randomUUID(),
    identity_id: identityId,
    address_id: a.id,
    address: a.value,
    via: a.via,
    expires_at: (o.expiresAt ?? new Date(Date.now() + 10 * 60_000)).toISOString(),
  };
  const data: RecoveryRequested.V1.Data = o.method === 'link' ? { ...common, method: 'link', sealed_token: sealed } : { ...common, method: 'code', sealed_code: sealed };
  return {
    id: o.eventId ?? randomUUID(),
    type: RecoveryRequested.V1.name,
    version: 1,
    streamId: streamId.identity(identityId),
    streamVersion: o.streamVersion ?? 2,
    subject: identityId,
    occurredAt: new Date().toISOString(),
    data,
  };
}

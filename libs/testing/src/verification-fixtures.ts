import { randomUUID } from 'node:crypto';
import { AddressVerified, EventEnvelope, IdentityRegistered, VerificationRequested, sealCode, streamId } from '@gatehouse/contracts';
import { TEST_SECRETS } from './infra';

interface Next {
  /** The identity stream version of the new event (the registration is 1). */
  streamVersion?: number;
  occurredAt?: string;
  eventId?: string;
}

function envelope<D>(registered: EventEnvelope<IdentityRegistered.V1.Data>, type: string, data: D, o: Next): EventEnvelope<D> {
  const identityId = registered.data.identity_id;
  return {
    id: o.eventId ?? randomUUID(),
    type,
    version: 1,
    streamId: streamId.identity(identityId),
    streamVersion: o.streamVersion ?? 2,
    subject: identityId,
    occurredAt: o.occurredAt ?? new Date().toISOString(),
    data,
  };
}

/** VerificationRequested v1 for the first verifiable address of a registration (a code sealed with TEST_SECRETS). */
export function verificationRequested(
  registered: EventEnvelope<IdentityRegistered.V1.Data>,
  o: Next & { method?: 'code' | 'link'; secret?: string; expiresAt?: Date; flowId?: string } = {},
): EventEnvelope<VerificationRequested.V1.Data> {
  const a = registered.data.verifiable_addresses[0];
  const sealed = sealCode(o.secret ?? '123456', TEST_SECRETS.cipher);
  const common = {
    flow_id: o.flowId ?? randomUUID(),
    identity_id: registered.data.identity_id,
    address_id: a.id,
    address: a.value,
    via: a.via,
    expires_at: (o.expiresAt ?? new Date(Date.now() + 10 * 60_000)).toISOString(),
  };
  const data: VerificationRequested.V1.Data = o.method === 'link' ? { ...common, method: 'link', sealed_token: sealed } : { ...common, method: 'code', sealed_code: sealed };
  return envelope(registered, VerificationRequested.V1.name, data, o);
}

/** AddressVerified v1 for the first verifiable address of a registration. */
export function addressVerified(registered: EventEnvelope<IdentityRegistered.V1.Data>, o: Next & { verifiedAt?: string } = {}): EventEnvelope<AddressVerified.V1.Data> {
  const a = registered.data.verifiable_addresses[0];
  const verifiedAt = o.verifiedAt ?? o.occurredAt ?? new Date().toISOString();
  return envelope(
    registered,
    AddressVerified.V1.name,
    { identity_id: registered.data.identity_id, address_id: a.id, address: a.value, via: a.via, flow_id: randomUUID(), method: 'code', verified_at: verifiedAt },
    { ...o, occurredAt: o.occurredAt ?? verifiedAt },
  );
}

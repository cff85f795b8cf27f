import { randomInt, randomUUID } from 'node:crypto';
import { EventEnvelope, IdentityRegistered, sealCode, streamId } from '@gatehouse/contracts';
import { TEST_SECRETS } from './infra';

export interface RegisteredOptions {
  identityId?: string;
  email?: string;
  eventId?: string;
  occurredAt?: string;
  /** The plaintext one-time code, sealed with TEST_SECRETS.cipher (default 123456). */
  code?: string;
  /** false: an identity whose address needs no verification mail. */
  withVerification?: boolean;
  expiresAt?: Date;
}

/** An IdentityRegistered v1 event as flows appends it: identifiers only, no password hash, the code sealed. */
export function identityRegistered(options: RegisteredOptions = {}): EventEnvelope<IdentityRegistered.V1.Data> {
  const identityId = options.identityId ?? randomUUID();
  const email = options.email ?? `user-${identityId.slice(0, 8)}@example.com`;
  const addressId = randomUUID();
  const data: IdentityRegistered.V1.Data = {
    identity_id: identityId,
    flow_id: randomUUID(),
    schema_id: 'default',
    state: 'active',
    traits: { email, name: { first: 'Ada', last: 'Lovelace' } },
    verifiable_addresses: [{ id: addressId, value: email, via: 'email' }],
    recovery_addresses: [{ id: randomUUID(), value: email, via: 'email' }],
    credentials: { password: { identifiers: [email] } },
  };
  if (options.withVerification !== false) {
    data.verification = {
      flow_id: randomUUID(),
      address_id: addressId,
      address: email,
      via: 'email',
      sealed_code: sealCode(options.code ?? '123456', TEST_SECRETS.cipher),
      expires_at: (options.expiresAt ?? new Date(Date.now() + 60 * 60_000)).toISOString(),
    };
  }
  return {
    id: options.eventId ?? randomUUID(),
    type: IdentityRegistered.V1.name,
    version: IdentityRegistered.V1.version,
    streamId: streamId.identity(identityId),
    streamVersion: 1,
    subject: identityId,
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    data,
  };
}

/** A random 6-digit code, as Kratos makes them. */
export function sixDigits(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

import { randomUUID } from 'node:crypto';
import { EventEnvelope, FactorType, SecurityNoticeRequested, streamId } from '@gatehouse/contracts';

/** A SecurityNoticeRequested v1 as flows appends it after a settings flow changed a password or a factor. */
export function securityNoticeRequested(
  o: {
    notice?: SecurityNoticeRequested.V1.Data['notice'];
    factor?: FactorType;
    to?: string[];
    identityId?: string;
    requestedAt?: Date;
    streamVersion?: number;
  } = {},
): EventEnvelope<SecurityNoticeRequested.V1.Data> {
  const identityId = o.identityId ?? randomUUID();
  const requestedAt = (o.requestedAt ?? new Date()).toISOString();
  const data: SecurityNoticeRequested.V1.Data = {
    identity_id: identityId,
    notice: o.notice ?? 'password_changed',
    ...(o.factor ? { factor: o.factor } : {}),
    to: (o.to ?? [`notice-${identityId.slice(0, 8)}@example.org`]).map((address) => ({ address, via: 'email' as const })),
    requested_at: requestedAt,
  };
  return {
    id: randomUUID(),
    type: SecurityNoticeRequested.V1.name,
    version: SecurityNoticeRequested.V1.version,
    streamId: streamId.identity(identityId),
    streamVersion: o.streamVersion ?? 3,
    subject: identityId,
    occurredAt: requestedAt,
    data,
  };
}

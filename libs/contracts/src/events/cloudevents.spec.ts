import { randomUUID } from 'node:crypto';
import { sealCode } from '../crypto/sealed-code';
import { EventEnvelope } from './envelope';
import { ContractViolation, fromKafkaRecord, toKafkaRecord } from './cloudevents';
import { IdentityRegistered } from './index';

function registered(): EventEnvelope<IdentityRegistered.V1.Data> {
  const identityId = randomUUID();
  return {
    id: randomUUID(),
    type: 'IdentityRegistered',
    version: 1,
    streamId: `identity:${identityId}`,
    streamVersion: 1,
    subject: identityId,
    occurredAt: '2026-11-29T10:00:00.000Z',
    data: {
      identity_id: identityId,
      flow_id: randomUUID(),
      schema_id: 'default',
      state: 'active',
      traits: { email: 'a@example.com' },
      verifiable_addresses: [{ id: randomUUID(), value: 'a@example.com', via: 'email' }],
      recovery_addresses: [],
      credentials: { password: { identifiers: ['a@example.com'] } },
      verification: { flow_id: randomUUID(), address_id: randomUUID(), address: 'a@example.com', via: 'email', sealed_code: sealCode('123456', ['k'.repeat(32)]), expires_at: '2026-11-29T11:00:00.000Z' },
    },
  };
}

describe('CloudEvents binary mode on Kafka', () => {
  it('maps attributes to ce_* headers, keys by subject, and round-trips', () => {
    const event = registered();
    const record = toKafkaRecord(event);
    expect(record.key).toBe(event.subject);
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'sh.gatehouse.identity.registered.v1',
      ce_source: '/gatehouse',
      ce_time: event.occurredAt,
      ce_subject: event.subject,
      'content-type': 'application/json',
    });
    expect(fromKafkaRecord({ value: Buffer.from(record.value), headers: record.headers })).toEqual(event);
  });

  it('refuses to publish data that breaks the contract, such as a password hash', () => {
    const event = registered();
    (event.data.credentials.password as Record<string, unknown>).hashed_password = '$argon2id$...';
    expect(() => toKafkaRecord(event)).toThrow(ContractViolation);
  });

  it('refuses records with unknown types, missing headers or non-JSON values', () => {
    const record = toKafkaRecord(registered());
    expect(() => fromKafkaRecord({ value: record.value, headers: { ...record.headers, ce_type: 'x.unknown' } })).toThrow(/unknown event type/);
    expect(() => fromKafkaRecord({ value: record.value, headers: { ...record.headers, ce_id: undefined } })).toThrow(/missing CloudEvents headers/);
    expect(() => fromKafkaRecord({ value: '{nope', headers: record.headers })).toThrow(/not JSON/);
  });
});

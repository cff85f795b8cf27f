import { EventEnvelope } from '@gatehouse/contracts';
import { identityRegistered, recoveryRequested, verificationRequested } from '@gatehouse/testing';
import { identityCreated, identityDeleted, identityUpdated } from '../../test/admin-events';
import { identityChange } from './notifier-identities';

const at = '2026-01-02T03:04:05.000Z';

describe('identityChange (pure: the row change an event implies, from the event alone)', () => {
  describe('given an IdentityRegistered', () => {
    const event = identityRegistered({ email: 'ada@example.org', occurredAt: at });

    it('then the first row written for the identity wins, at the event stream version', () => {
      expect(identityChange(event)).toEqual({
        write: 'first',
        row: {
          id: event.data.identity_id,
          schema_id: 'default',
          traits: { email: 'ada@example.org', name: { first: 'Ada', last: 'Lovelace' } },
          deleted: false,
          version: 1,
          updated_at: new Date(at),
          last_event_id: event.id,
        },
      });
    });
  });

  describe('given an IdentityCreated (admin API or import)', () => {
    const event = identityCreated({ email: 'grace@example.org', first: 'Grace', occurredAt: at });

    it('then it is written like a registration: the first row wins', () => {
      expect(identityChange(event)).toEqual({
        write: 'first',
        row: {
          id: event.data.identity_id,
          schema_id: 'default',
          traits: { email: 'grace@example.org', name: { first: 'Grace', last: 'Lovelace' } },
          deleted: false,
          version: 1,
          updated_at: new Date(at),
          last_event_id: event.id,
        },
      });
    });

    it('then an imported one is no different', () => {
      const imported = { ...event, data: { ...event.data, import_id: '0f8fad5b-d9cb-469f-a165-70867728950e' } };
      expect(identityChange(imported)?.row).toEqual(identityChange(event)?.row);
    });
  });

  describe('given an IdentityUpdated', () => {
    const created = identityCreated();
    const event = identityUpdated(created, 4, { traits: { name: { first: 'Augusta', last: 'King' } }, schemaId: 'customer', occurredAt: at });

    it('then the schema and traits it carries replace those of a row written by an older event', () => {
      expect(identityChange(event)).toEqual({
        write: 'newer',
        row: {
          id: created.data.identity_id,
          schema_id: 'customer',
          traits: { email: created.data.traits.email, name: { first: 'Augusta', last: 'King' } },
          deleted: false,
          version: 4,
          updated_at: new Date(at),
          last_event_id: event.id,
        },
      });
    });
  });

  describe('given an IdentityDeleted', () => {
    const created = identityCreated();
    const event = identityDeleted(created.data.identity_id, 7, { occurredAt: at });

    it('then a tombstone without schema or traits replaces a row written by an older event', () => {
      expect(identityChange(event)).toEqual({
        write: 'newer',
        row: { id: created.data.identity_id, schema_id: null, traits: null, deleted: true, version: 7, updated_at: new Date(at), last_event_id: event.id },
      });
    });
  });

  describe('given the same event twice', () => {
    it('then the change is the same (nothing from a clock)', () => {
      const created = identityCreated();
      for (const event of [created, identityUpdated(created, 2), identityDeleted(created.data.identity_id, 3)] as EventEnvelope[]) {
        expect(identityChange(structuredClone(event))).toEqual(identityChange(event));
      }
    });
  });

  describe('given any other event, another version or malformed data', () => {
    const registered = identityRegistered();
    const created = identityCreated();
    const cases: Array<[string, EventEnvelope]> = [
      ['VerificationRequested', verificationRequested(registered)],
      ['RecoveryRequested', recoveryRequested(registered)],
      ['IdentityRegistered v2', { ...registered, version: 2 }],
      ['IdentityCreated v2', { ...created, version: 2 }],
      ['IdentityCreated with a bad id', { ...created, data: { ...created.data, identity_id: 'not-a-uuid' } }],
      ['IdentityUpdated without traits', { ...identityUpdated(created, 2), data: { ...identityUpdated(created, 2).data, traits: undefined } }],
      ['IdentityDeleted with a bad id', { ...identityDeleted(created.data.identity_id, 2), data: { identity_id: 'x', actor: { type: 'admin' } } }],
    ];

    it.each(cases)('then %s changes nothing', (_, event) => {
      expect(identityChange(event)).toBeUndefined();
    });
  });
});

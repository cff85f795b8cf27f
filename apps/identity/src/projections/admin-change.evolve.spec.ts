import { EventEnvelope, toKafkaRecord } from '@gatehouse/contracts';
import { identityRegistered } from '@gatehouse/testing';
import { credentialsRemoved, identitiesImported, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from '../../test/admin-events';
import { evolve, identityProjection, IdentityRow } from './identity.projection';

/** given(row).when(event…).then: the pure fold, no I/O. */
function given(row: IdentityRow | null) {
  return { when: (...events: EventEnvelope[]) => events.reduce<IdentityRow | null>((r, e) => evolve(r, e), row) };
}

const created = identityCreated({ externalId: 'crm-7', occurredAt: '2030-03-01T10:00:00.000+01:00' });
const d = created.data;
const at = '2030-03-01T09:00:00.000Z';
const row = evolve(null, created) as IdentityRow;

describe('admin identity events (pure evolve)', () => {
  it('the fixtures keep their contracts', () => {
    for (const e of [created, identityUpdated(created, {}), identityStateChanged(created, 'inactive'), credentialsRemoved(created, 'oidc', [], []), identityDeleted(created), identitiesImported(d.identity_id, [created])]) {
      expect(() => toKafkaRecord(e)).not.toThrow();
    }
  });

  describe('IdentityCreated', () => {
    it('given no identity, creates the document with state, metadata, external_id, addresses as given and every credential type', () => {
      expect(identityProjection.identityIdOf(created)).toBe(d.identity_id);
      expect(given(null).when(created)).toEqual<IdentityRow>({
        id: d.identity_id,
        schema_id: 'default',
        state: 'active',
        state_changed_at: at,
        traits: d.traits,
        metadata_public: { plan: 'free' },
        metadata_admin: { crm_id: 42, tags: ['imported'] },
        external_id: 'crm-7',
        created_at: at,
        updated_at: at,
        last_event_id: created.id,
        version: 1,
        verifiable_addresses: [
          {
            id: d.verifiable_addresses[0].id,
            identity_id: d.identity_id,
            value: d.verifiable_addresses[0].value,
            via: 'email',
            verified: true,
            status: 'completed',
            verified_at: '2029-06-01T10:00:00.000Z',
            created_at: at,
            updated_at: at,
          },
        ],
        recovery_addresses: [{ id: d.recovery_addresses[0].id, identity_id: d.identity_id, value: d.recovery_addresses[0].value, via: 'email', created_at: at, updated_at: at }],
        credentials: [
          { identity_id: d.identity_id, type: 'password', identifiers: d.credentials.password.identifiers, version: 0, created_at: at, updated_at: at },
          { identity_id: d.identity_id, type: 'oidc', identifiers: d.credentials.oidc.identifiers, version: 0, created_at: at, updated_at: at },
        ],
      });
    });

    it('an inactive import without metadata or external_id gives an inactive identity with null metadata and no external_id', () => {
      const plain = identityCreated({ state: 'inactive', metadataAdmin: null });
      const after = given(null).when({ ...plain, data: { ...plain.data, metadata_public: null } });
      expect(after).toMatchObject({ state: 'inactive', metadata_public: null, metadata_admin: null, external_id: null });
    });

    it('given the identity exists, the same or another IdentityCreated changes nothing', () => {
      expect(given(row).when(created)).toBe(row);
      expect(given(row).when(identityCreated({ identityId: d.identity_id, streamVersion: 2 }))).toBe(row);
    });
  });

  describe('IdentityUpdated', () => {
    const update = identityUpdated(
      created,
      {
        schema_id: 'customer',
        traits: { email: 'new@example.com' },
        metadata_public: null,
        metadata_admin: { crm_id: 43 },
        external_id: 'crm-8',
        verifiable_addresses: [
          { ...d.verifiable_addresses[0], verified: false, status: 'pending', verified_at: null },
          { id: '3f0f3a6e-1c2b-4d5e-8f90-a1b2c3d4e5f6', value: 'new@example.com', via: 'email', verified: false, status: 'sent', verified_at: null },
        ],
        recovery_addresses: d.recovery_addresses,
        credentials: { password: { identifiers: ['new@example.com'], version: 0 }, totp: { identifiers: [d.identity_id], version: 1 } },
      },
      { occurredAt: '2030-04-01T00:00:00.000Z' },
    );
    const later = '2030-04-01T00:00:00.000Z';

    it('replaces the snapshot fields; addresses and credential types that stay keep created_at; the state stays', () => {
      const after = given(row).when(update) as IdentityRow;
      expect(after).toMatchObject({
        schema_id: 'customer',
        traits: { email: 'new@example.com' },
        metadata_public: null,
        metadata_admin: { crm_id: 43 },
        external_id: 'crm-8',
        state: 'active',
        state_changed_at: at,
        created_at: at,
        updated_at: later,
        last_event_id: update.id,
        version: 2,
      });
      expect(after.verifiable_addresses).toEqual([
        { ...row.verifiable_addresses[0], verified: false, status: 'pending', verified_at: null, created_at: at, updated_at: later },
        { id: '3f0f3a6e-1c2b-4d5e-8f90-a1b2c3d4e5f6', identity_id: d.identity_id, value: 'new@example.com', via: 'email', verified: false, status: 'sent', verified_at: null, created_at: later, updated_at: later },
      ]);
      // unchanged rows come back as they were
      expect(after.recovery_addresses).toEqual(row.recovery_addresses);
      expect(after.credentials).toEqual([
        { identity_id: d.identity_id, type: 'password', identifiers: ['new@example.com'], version: 0, created_at: at, updated_at: later },
        { identity_id: d.identity_id, type: 'totp', identifiers: [d.identity_id], version: 1, created_at: later, updated_at: later },
      ]);
    });

    it('without external_id the identity loses it', () => {
      const withoutExternalId = { ...update.data };
      delete withoutExternalId.external_id;
      const after = given(row).when({ ...update, data: withoutExternalId }) as IdentityRow;
      expect(after.external_id).toBeNull();
    });

    it('an update of an identity that does not exist (or no longer) changes nothing', () => {
      expect(given(null).when(update)).toBeNull();
    });
  });

  describe('IdentityStateChanged', () => {
    it('sets the state; state_changed_at and updated_at become the event time', () => {
      const change = identityStateChanged(created, 'inactive', { occurredAt: '2030-05-01T00:00:00.000+02:00' });
      expect(identityProjection.identityIdOf(change)).toBe(d.identity_id);
      expect(given(row).when(change)).toEqual({
        ...row,
        state: 'inactive',
        state_changed_at: '2030-04-30T22:00:00.000Z',
        updated_at: '2030-04-30T22:00:00.000Z',
        last_event_id: change.id,
        version: 2,
      });
    });

    it('reactivation after deactivation', () => {
      const after = given(row).when(identityStateChanged(created, 'inactive', { streamVersion: 2 }), identityStateChanged(created, 'active', { streamVersion: 3 }));
      expect(after).toMatchObject({ state: 'active', version: 3 });
    });
  });

  describe('CredentialsRemoved', () => {
    it('keeps the remaining identifiers of the type; the other types stay as they were', () => {
      const oidc = d.credentials.oidc.identifiers;
      const removed = credentialsRemoved(created, 'oidc', [oidc[0]], [oidc[1]], { occurredAt: '2030-06-01T00:00:00.000Z' });
      const after = given(row).when(removed) as IdentityRow;
      expect(after.credentials).toEqual([row.credentials[0], { ...row.credentials[1], identifiers: [oidc[1]], updated_at: '2030-06-01T00:00:00.000Z' }]);
      expect(after).toMatchObject({ updated_at: '2030-06-01T00:00:00.000Z', last_event_id: removed.id, version: 2 });
    });

    it('removes the credential when no identifier remains', () => {
      const after = given(row).when(credentialsRemoved(created, 'password', d.credentials.password.identifiers, [])) as IdentityRow;
      expect(after.credentials.map((c) => c.type)).toEqual(['oidc']);
    });
  });

  describe('IdentityDeleted', () => {
    it('ends the document; later events of the identity change nothing, a redelivered create does not bring it back in order', () => {
      const deleted = identityDeleted(created, { streamVersion: 2 });
      expect(identityProjection.identityIdOf(deleted)).toBe(d.identity_id);
      expect(given(row).when(deleted)).toBeNull();
      expect(given(row).when(deleted, identityStateChanged(created, 'inactive', { streamVersion: 3 }))).toBeNull();
      expect(given(null).when(deleted)).toBeNull();
    });
  });

  describe('IdentitiesImported', () => {
    it('is not about one identity: ignored', () => {
      const summary = identitiesImported('6a1b7c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d', [created]);
      expect(identityProjection.identityIdOf(summary)).toBeUndefined();
      expect(given(row).when(summary)).toBe(row);
      expect(given(null).when(summary)).toBeNull();
    });
  });

  describe('order and replay', () => {
    const v2 = identityUpdated(created, { traits: { email: 'v2@example.com' } }, { streamVersion: 2 });
    const v3 = identityStateChanged(created, 'inactive', { streamVersion: 3 });
    const v4 = credentialsRemoved(created, 'oidc', d.credentials.oidc.identifiers, [], { streamVersion: 4 });

    it('an event older than the document (or the same again) changes nothing', () => {
      const current = given(null).when(created, v2, v3) as IdentityRow;
      expect(given(current).when(v2)).toBe(current);
      expect(given(current).when(v3)).toBe(current);
      expect(given(current).when(identityUpdated(created, { traits: { email: 'old@example.com' } }, { streamVersion: 3 }))).toBe(current);
    });

    it('a replay of the whole stream equals the live fold, redeliveries included', () => {
      const live = given(null).when(created, v2, v2, v3, created, v4, v3);
      const replay = given(null).when(created, v2, v3, v4);
      expect(live).toEqual(replay);
      expect(replay).toMatchObject({ traits: { email: 'v2@example.com' }, state: 'inactive', version: 4 });
      expect((replay as IdentityRow).credentials.map((c) => c.type)).toEqual(['password']);
    });

    it('a registered (self-service) identity takes admin changes too', () => {
      const registration = identityRegistered();
      const self = evolve(null, registration) as IdentityRow;
      const change = { ...identityStateChanged(created, 'inactive'), streamId: registration.streamId, data: { ...identityStateChanged(created, 'inactive').data, identity_id: self.id } };
      expect(given(self).when(change)).toMatchObject({ id: self.id, state: 'inactive', version: 2 });
    });
  });
});

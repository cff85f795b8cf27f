import { EventEnvelope } from '@gatehouse/contracts';
import { addressVerified, identityRegistered, verificationRequested } from '@gatehouse/testing';
import { evolve, identityProjection, IdentityRow } from './identity.projection';

/** given(rows…).when(event).then(row): the pure fold, no I/O. */
function given(row: IdentityRow | null) {
  return { when: (event: EventEnvelope) => ({ before: row, after: evolve(row, event) }) };
}

describe('identity.projection', () => {
  const event = identityRegistered({ occurredAt: '2030-01-02T03:04:05.678+02:00' });
  const d = event.data;
  const at = '2030-01-02T01:04:05.678Z';

  it('TraitsChanged replaces traits, addresses (a kept id keeps created_at) and identifiers; FactorAdded and FactorRemoved add and drop a credential', () => {
    const row = evolve(null, event)!;
    const later = (type: string, version: number, data: Record<string, unknown>): EventEnvelope => ({
      ...event,
      id: `${event.id.slice(0, -2)}${version}0`,
      type,
      version: 1,
      streamVersion: version,
      occurredAt: `2030-01-0${version}T00:00:00.000Z`,
      data,
    });
    const kept = { ...d.verifiable_addresses[0], verified: false, status: 'sent' as const, verified_at: null };
    const added = { id: '7a1c0e52-0000-4000-8000-0000000000aa', value: 'new@example.com', via: 'email' as const, verified: false, status: 'pending' as const, verified_at: null };
    const traits = later('TraitsChanged', 2, {
      identity_id: d.identity_id,
      flow_id: d.flow_id,
      session_id: d.flow_id,
      schema_id: d.schema_id,
      traits: { email: 'new@example.com' },
      verifiable_addresses: [kept, added],
      recovery_addresses: [],
      identifiers: { password: ['new@example.com'] },
      changed_at: '2030-01-02T00:00:00.000Z',
    });
    const changed = evolve(row, traits)!;
    expect(changed.traits).toEqual({ email: 'new@example.com' });
    expect(changed.verifiable_addresses.map((a) => [a.value, a.created_at === row.verifiable_addresses[0].created_at])).toEqual([
      [kept.value, true],
      ['new@example.com', false],
    ]);
    expect(changed.recovery_addresses).toEqual([]);
    expect(changed.credentials.find((c) => c.type === 'password')!.identifiers).toEqual(['new@example.com']);
    const factor = evolve(changed, later('FactorAdded', 3, { identity_id: d.identity_id, type: 'totp', flow_id: d.flow_id, session_id: d.flow_id, identifiers: [d.identity_id], added_at: '2030-01-03T00:00:00.000Z' }))!;
    expect(factor.credentials.map((c) => [c.type, c.identifiers])).toEqual([
      ['password', ['new@example.com']],
      ['totp', [d.identity_id]],
    ]);
    const removed = evolve(factor, later('FactorRemoved', 4, { identity_id: d.identity_id, type: 'totp', flow_id: d.flow_id, session_id: d.flow_id, remaining_identifiers: [], removed_at: '2030-01-04T00:00:00.000Z' }))!;
    expect(removed.credentials.map((c) => c.type)).toEqual(['password']);
    expect(removed.version).toBe(4);
  });

  it('handles the self-service and admin identity events, not the import summary', () => {
    expect(identityProjection.canHandle).toEqual([
      'IdentityRegistered',
      'VerificationRequested',
      'AddressVerified',
      'IdentityCreated',
      'IdentityUpdated',
      'IdentityStateChanged',
      'IdentityDeleted',
      'CredentialsRemoved',
      'TraitsChanged',
      'FactorAdded',
      'FactorRemoved',
    ]);
    expect(identityProjection.identityIdOf(event)).toBe(d.identity_id);
  });

  describe('when empty', () => {
    it('IdentityRegistered gives the identity row, with ids from the event and times from occurredAt', () => {
      const { after } = given(null).when(event);
      expect(after).toEqual<IdentityRow>({
        id: d.identity_id,
        schema_id: 'default',
        state: 'active',
        state_changed_at: at,
        traits: d.traits,
        metadata_public: null,
        metadata_admin: null,
        external_id: null,
        created_at: at,
        updated_at: at,
        last_event_id: event.id,
        version: 1,
        verifiable_addresses: [
          {
            id: d.verifiable_addresses[0].id,
            identity_id: d.identity_id,
            value: d.verifiable_addresses[0].value,
            via: 'email',
            verified: false,
            status: 'sent',
            verified_at: null,
            created_at: at,
            updated_at: at,
          },
        ],
        recovery_addresses: [
          { id: d.recovery_addresses[0].id, identity_id: d.identity_id, value: d.recovery_addresses[0].value, via: 'email', created_at: at, updated_at: at },
        ],
        credentials: [{ identity_id: d.identity_id, type: 'password', identifiers: d.credentials.password!.identifiers, version: 0, created_at: at, updated_at: at }],
      });
    });

    it('is deterministic: the same event always gives an equal row', () => {
      expect(given(null).when(event).after).toEqual(given(null).when(event).after);
    });

    it('an address without a verification mail stays "pending"', () => {
      const { after } = given(null).when(identityRegistered({ withVerification: false }));
      expect(after?.verifiable_addresses.map((a) => a.status)).toEqual(['pending']);
    });

    it('duplicate addresses in one event collapse to one row per (via, value)', () => {
      const e = identityRegistered();
      const twice = { ...e, data: { ...e.data, verifiable_addresses: [...e.data.verifiable_addresses, { ...e.data.verifiable_addresses[0], id: '7b0a3f3e-2f0c-4a55-9a43-0d3f1c3b2a11' }] } };
      expect(given(null).when(twice).after?.verifiable_addresses).toHaveLength(1);
    });

    it('an unknown event type is ignored', () => {
      const unknown = { ...event, type: 'SomethingElseHappened' };
      expect(given(null).when(unknown).after).toBeNull();
      expect(identityProjection.identityIdOf(unknown)).toBeUndefined();
    });
  });

  describe('when registered', () => {
    const registered = evolve(null, event) as IdentityRow;

    it('the same event again changes nothing (same object back)', () => {
      const { before, after } = given(registered).when(event);
      expect(after).toBe(before);
    });

    it('a second IdentityRegistered for the same identity (another event id) changes nothing', () => {
      const again = identityRegistered({ identityId: d.identity_id, occurredAt: '2031-01-01T00:00:00.000Z' });
      expect(given(registered).when(again).after).toBe(registered);
    });

    it('an unknown event type is ignored', () => {
      const unknown = { ...event, id: '5d1f7c3a-9a0b-4c1e-8f2d-3b4a5c6d7e8f', type: 'SomethingElseHappened', streamVersion: 2 };
      expect(given(registered).when(unknown).after).toBe(registered);
    });
  });

  describe('verification', () => {
    const plain = identityRegistered({ withVerification: false, occurredAt: '2030-01-01T00:00:00.000Z' });
    const row = evolve(null, plain) as IdentityRow;
    const addressId = plain.data.verifiable_addresses[0].id;

    it('VerificationRequested marks the address "sent" and records the event', () => {
      const requested = verificationRequested(plain, { occurredAt: '2030-01-01T00:01:00.000Z' });
      expect(identityProjection.identityIdOf(requested)).toBe(plain.data.identity_id);
      const { after } = given(row).when(requested);
      expect(after).toMatchObject({ version: 2, last_event_id: requested.id, updated_at: row.updated_at });
      expect(after?.verifiable_addresses).toEqual([{ ...row.verifiable_addresses[0], status: 'sent', updated_at: '2030-01-01T00:01:00.000Z' }]);
    });

    it('AddressVerified makes the address verified, completed, with verified_at', () => {
      const verified = addressVerified(plain, { streamVersion: 3, verifiedAt: '2030-01-01T00:02:00.000+01:00' });
      const { after } = given(row).when(verified);
      expect(after?.verifiable_addresses).toEqual([
        { ...row.verifiable_addresses[0], id: addressId, verified: true, status: 'completed', verified_at: '2029-12-31T23:02:00.000Z', updated_at: '2029-12-31T23:02:00.000Z' },
      ]);
      expect(after).toMatchObject({ version: 3, last_event_id: verified.id });
    });

    it('is idempotent and replay-safe: the same or an older event changes nothing; a later request keeps "completed"', () => {
      const verified = addressVerified(plain, { streamVersion: 3 });
      const after = evolve(row, verified) as IdentityRow;
      expect(evolve(after, verified)).toBe(after);
      expect(evolve(after, verificationRequested(plain, { streamVersion: 2 }))).toBe(after);
      const later = evolve(after, verificationRequested(plain, { streamVersion: 4 })) as IdentityRow;
      expect(later.verifiable_addresses[0]).toEqual(after.verifiable_addresses[0]);
      const again = evolve(later, addressVerified(plain, { streamVersion: 5, verifiedAt: '2031-01-01T00:00:00.000Z' })) as IdentityRow;
      expect(again.verifiable_addresses[0].verified_at).toBe(after.verifiable_addresses[0].verified_at);
    });

    it('an event for an identity not projected yet changes nothing', () => {
      expect(given(null).when(addressVerified(plain)).after).toBeNull();
    });
  });
});

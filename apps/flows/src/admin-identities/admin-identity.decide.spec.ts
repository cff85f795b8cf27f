import { deciderSpec } from '@gatehouse/testing';
import { RemoveCredential, UpdateIdentity } from './admin-identity.commands';
import { adminIdentityDecider, importSummary, sameJson } from './admin-identity.decide';
import { AdminIdentityEvent, IdentityFacts } from './admin-identity.state';
import { omit } from './omit';

const ID = '7d0c1f4e-0000-4000-8000-000000000001';
const ADMIN = { type: 'admin' as const, id: 'ops@example.com' };
const facts: IdentityFacts = {
  identity_id: ID,
  schema_id: 'default',
  state: 'active',
  traits: { email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' } },
  metadata_public: null,
  metadata_admin: { note: 'vip' },
  verifiable_addresses: [{ id: '7d0c1f4e-0000-4000-8000-000000000002', value: 'ada@example.com', via: 'email', verified: false, status: 'pending', verified_at: null }],
  recovery_addresses: [{ id: '7d0c1f4e-0000-4000-8000-000000000003', value: 'ada@example.com', via: 'email' }],
  credentials: { password: { identifiers: ['ada@example.com'], version: 0 } },
};
const created: AdminIdentityEvent = { type: 'IdentityCreated', version: 1, data: { ...facts, actor: ADMIN } };
const withOidc: IdentityFacts = { ...facts, credentials: { ...facts.credentials, oidc: { identifiers: ['github:1', 'google:1'], version: 0 } } };

const spec = deciderSpec(adminIdentityDecider);
const update = (identity: IdentityFacts, o: Partial<UpdateIdentity> = {}): UpdateIdentity => ({ type: 'UpdateIdentity', identity, actor: ADMIN, secretsChanged: [], ...o });
const NO_KEYS = { firstFactorKeys: 0, webauthn: { kept: 0, removed: 0 } };
const remove = (o: Partial<RemoveCredential>): RemoveCredential => ({ type: 'RemoveCredential', identityId: ID, credentialType: 'password', passwordSet: true, keys: NO_KEYS, actor: ADMIN, ...o });

describe('admin identity decide (pure)', () => {
  describe('create', () => {
    it('a new identity: IdentityCreated with the actor (and the batch of an import)', () => {
      spec.given([]).when({ type: 'CreateIdentity', identity: facts, actor: ADMIN }).then([created]);
      spec
        .given([])
        .when({ type: 'CreateIdentity', identity: facts, actor: { type: 'admin' }, importId: '7d0c1f4e-0000-4000-8000-0000000000ff' })
        .then([{ type: 'IdentityCreated', version: 1, data: { ...facts, actor: { type: 'admin' }, import_id: '7d0c1f4e-0000-4000-8000-0000000000ff' } }]);
    });

    it('an identity that exists is not created again', () => {
      spec.given([created]).when({ type: 'CreateIdentity', identity: facts, actor: ADMIN }).thenRejects({ reason: 'exists' });
    });
  });

  describe('update', () => {
    it('names every changed field, credentials by type; the state stays out of IdentityUpdated', () => {
      const next: IdentityFacts = { ...facts, traits: { email: 'grace@example.com' }, credentials: { password: { identifiers: ['grace@example.com'], version: 0 } } };
      spec.given([created]).when(update(next)).then([{ type: 'IdentityUpdated', version: 1, data: { ...omit(next, 'state'), changed: ['traits', 'credentials.password'], actor: ADMIN } }]);
    });

    it('a state change alone is IdentityStateChanged only; with other changes it follows IdentityUpdated', () => {
      spec.given([created]).when(update({ ...facts, state: 'inactive' })).then([{ type: 'IdentityStateChanged', version: 1, data: { identity_id: ID, state: 'inactive', previous_state: 'active', actor: ADMIN } }]);
      const both = spec.given([created]).when(update({ ...facts, state: 'inactive', metadata_admin: null })).result as AdminIdentityEvent[];
      expect(both.map((e) => e.type)).toEqual(['IdentityUpdated', 'IdentityStateChanged']);
      expect(both[0]!.data).toMatchObject({ changed: ['metadata_admin'] });
    });

    it('nothing changed (key order aside): no event; a new password hash is a change the facts cannot show', () => {
      spec.given([created]).when(update({ ...facts, traits: { name: { last: 'Lovelace', first: 'Ada' }, email: 'ada@example.com' } })).thenNothingHappened();
      const rehashed = spec.given([created]).when(update(facts, { secretsChanged: ['password'] })).result as AdminIdentityEvent[];
      expect(rehashed).toHaveLength(1);
      expect(rehashed[0]!.data).toMatchObject({ changed: ['credentials.password'] });
    });

    it('an external id set, changed or removed is a change of external_id', () => {
      const withExternal = spec.given([created]).when(update({ ...facts, external_id: 'crm-1' })).result as AdminIdentityEvent[];
      expect(withExternal[0]!.data).toMatchObject({ external_id: 'crm-1', changed: ['external_id'] });
    });

    it('an unknown or deleted identity is not found', () => {
      spec.given([]).when(update(facts)).thenRejects({ reason: 'not_found' });
      spec.given([created, { type: 'IdentityDeleted', version: 1, data: { identity_id: ID, actor: ADMIN } }]).when(update(facts)).thenRejects({ reason: 'not_found' });
    });
  });

  describe('delete', () => {
    it('IdentityDeleted for an identity that exists, not found otherwise', () => {
      spec.given([created]).when({ type: 'DeleteIdentity', identityId: ID, actor: ADMIN }).then([{ type: 'IdentityDeleted', version: 1, data: { identity_id: ID, actor: ADMIN } }]);
      spec.given([]).when({ type: 'DeleteIdentity', identityId: ID, actor: ADMIN }).thenRejects({ reason: 'not_found' });
    });
  });

  describe('remove a credential', () => {
    it('the last first factor stays (a password without hash is no first factor)', () => {
      spec.given([created]).when(remove({})).thenRejects({ reason: 'last_first_factor' });
      spec.givenState({ ...facts, credentials: { ...facts.credentials, oidc: { identifiers: ['github:1'], version: 0 } } }).when(remove({ credentialType: 'oidc', identifier: 'github:1', passwordSet: false })).thenRejects({ reason: 'last_first_factor' });
    });

    it('the password goes with all its identifiers when an OIDC provider remains', () => {
      spec
        .givenState(withOidc)
        .when(remove({}))
        .then([{ type: 'CredentialsRemoved', version: 1, data: { identity_id: ID, type: 'password', identifiers: ['ada@example.com'], remaining_identifiers: [], actor: ADMIN } }]);
      expect(adminIdentityDecider.evolve(withOidc, { type: 'CredentialsRemoved', version: 1, data: { identity_id: ID, type: 'password', identifiers: ['ada@example.com'], remaining_identifiers: [], actor: ADMIN } })?.credentials).toEqual({ oidc: withOidc.credentials.oidc });
    });

    it('an OIDC provider goes by its identifier, which is required and must exist', () => {
      const removed = spec.givenState(withOidc).when(remove({ credentialType: 'oidc', identifier: 'google:1' })).result as AdminIdentityEvent[];
      expect(removed[0]!.data).toMatchObject({ type: 'oidc', identifiers: ['google:1'], remaining_identifiers: ['github:1'] });
      expect(adminIdentityDecider.evolve(withOidc, removed[0]!)?.credentials.oidc).toEqual({ identifiers: ['github:1'], version: 0 });
      spec.givenState(withOidc).when(remove({ credentialType: 'oidc' })).thenRejects({ reason: 'identifier_required' });
      spec.givenState(withOidc).when(remove({ credentialType: 'oidc', identifier: 'gitlab:1' })).thenRejects({ reason: 'identifier_not_found' });
    });

    it('a type the identity lacks is a 404 whatever it is (Kratos looks it up first); code and passkey it has cannot be deleted', () => {
      for (const type of ['magic', 'code', 'passkey', 'totp', 'constructor', '__proto__']) {
        spec.givenState(withOidc).when(remove({ credentialType: type })).thenRejects({ reason: 'credential_not_set_up', credentialType: type });
      }
      const withPasskey: IdentityFacts = { ...withOidc, credentials: { ...withOidc.credentials, passkey: { identifiers: ['handle'], version: 0 }, code: { identifiers: [], version: 0 } } };
      spec.givenState(withPasskey).when(remove({ credentialType: 'passkey' })).thenRejects({ reason: 'credential_not_removable', credentialType: 'passkey' });
      spec.givenState(withPasskey).when(remove({ credentialType: 'code' })).thenRejects({ reason: 'credential_not_removable', credentialType: 'code' });
      spec.given([]).when(remove({})).thenRejects({ reason: 'not_found' });
    });

    it('totp and lookup_secret go whole, even when they are all the identity has beside one first factor', () => {
      const mfa: IdentityFacts = { ...facts, credentials: { ...facts.credentials, totp: { identifiers: [ID], version: 0 }, lookup_secret: { identifiers: [ID], version: 0 } } };
      for (const type of ['totp', 'lookup_secret']) {
        spec.givenState(mfa).when(remove({ credentialType: type })).then([{ type: 'CredentialsRemoved', version: 1, data: { identity_id: ID, type, identifiers: [ID], remaining_identifiers: [], actor: ADMIN } }]);
      }
    });

    it('webauthn loses its second-factor keys; passwordless ones stay (nothing to remove: no event)', () => {
      const webauthn: IdentityFacts = { ...facts, credentials: { ...facts.credentials, webauthn: { identifiers: ['ada@example.com'], version: 0 } } };
      const event = (identifiers: string[], remaining: string[]): AdminIdentityEvent => ({ type: 'CredentialsRemoved', version: 1, data: { identity_id: ID, type: 'webauthn', identifiers, remaining_identifiers: remaining, actor: ADMIN } });
      spec.givenState(webauthn).when(remove({ credentialType: 'webauthn', keys: { firstFactorKeys: 0, webauthn: { kept: 0, removed: 2 } } })).then([event(['ada@example.com'], [])]);
      spec.givenState(webauthn).when(remove({ credentialType: 'webauthn', keys: { firstFactorKeys: 1, webauthn: { kept: 1, removed: 1 } } })).then([event([], ['ada@example.com'])]);
      spec.givenState(webauthn).when(remove({ credentialType: 'webauthn', keys: { firstFactorKeys: 1, webauthn: { kept: 1, removed: 0 } } })).then([]);
    });

    it('passkeys and passwordless WebAuthn keys count as first factors', () => {
      spec.given([created]).when(remove({ keys: { ...NO_KEYS, firstFactorKeys: 1 } })).then([{ type: 'CredentialsRemoved', version: 1, data: { identity_id: ID, type: 'password', identifiers: ['ada@example.com'], remaining_identifiers: [], actor: ADMIN } }]);
    });
  });

  it('evolve follows every event', () => {
    const state = [created, { type: 'IdentityStateChanged', version: 1, data: { identity_id: ID, state: 'inactive', previous_state: 'active', actor: ADMIN } } as AdminIdentityEvent].reduce(adminIdentityDecider.evolve, null);
    expect(state?.state).toBe('inactive');
    const snapshot = omit({ ...facts, traits: { email: 'x@example.com' } }, 'state');
    expect(adminIdentityDecider.evolve(state, { type: 'IdentityUpdated', version: 1, data: { ...snapshot, changed: ['traits'], actor: ADMIN } })).toEqual({ ...facts, state: 'inactive', traits: { email: 'x@example.com' } });
  });

  it('importSummary and sameJson', () => {
    expect(importSummary('7d0c1f4e-0000-4000-8000-0000000000ff', [ID], 2, ADMIN)).toEqual({
      type: 'IdentitiesImported',
      version: 1,
      data: { import_id: '7d0c1f4e-0000-4000-8000-0000000000ff', identity_ids: [ID], failed: 2, actor: ADMIN },
    });
    expect(sameJson({ a: [1, { b: 2, c: undefined }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameJson({ a: 1, b: { c: [null] } }, { b: { c: [null] }, a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson({ a: null }, {})).toBe(false);
  });
});

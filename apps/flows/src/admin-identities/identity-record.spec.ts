import { lookupCodeDigest } from '../identity/credential-configs';
import { StoredCredential } from '../identity/credentials.repository';
import { IdentityInput } from './identity-input';
import { AdminIdentity, buildIdentity, claimsOf, factsOf, secretsChanged, withoutCredential } from './identity-record';

const ID = '3e2d1c0b-0000-4000-8000-000000000001';
const T0 = new Date('2026-11-29T10:00:00.000Z');
const T1 = new Date('2026-11-29T11:00:00.000Z');
const derived = { passwordIdentifiers: ['ada@example.com'], verifiableAddresses: [{ value: 'ada@example.com', via: 'email' as const }], recoveryAddresses: [{ value: 'ada@example.com', via: 'email' as const }] };
const input = (o: Partial<IdentityInput> = {}): IdentityInput => ({ schemaId: 'default', traits: { email: 'Ada@example.com' }, metadataPublic: null, metadataAdmin: null, ...o });
let n = 0;
const newId = () => `3e2d1c0b-0000-4000-8000-1${String(++n).padStart(11, '0')}`;

describe('the identity an admin create or update leaves', () => {
  const created = buildIdentity(input({ password: { hashedPassword: 'h' }, externalId: 'crm-1' }), 'default', derived, null, { id: ID, now: T0, newId, hashedPassword: 'h' });

  it('a create derives addresses and password identifiers, all at the creation time', () => {
    expect(created).toMatchObject({
      id: ID,
      state: 'active',
      state_changed_at: T0.toISOString(),
      external_id: 'crm-1',
      verifiable_addresses: [{ value: 'ada@example.com', verified: false, status: 'pending', created_at: T0.toISOString() }],
      recovery_addresses: [{ value: 'ada@example.com', via: 'email' }],
      credentials: { password: { type: 'password', identifiers: ['ada@example.com'], config: { hashed_password: 'h' }, created_at: T0.toISOString() } },
    });
    expect(claimsOf(created)).toEqual([
      { kind: 'password_identifier', value: 'ada@example.com' },
      { kind: 'external_id', value: 'crm-1' },
    ]);
    expect(JSON.stringify(factsOf(created))).not.toContain('hashed_password');
  });

  it('an update keeps ids, timestamps and the hash of what did not change', () => {
    const same = buildIdentity(input(), 'default', derived, created, { id: ID, now: T1, newId });
    expect(same.verifiable_addresses).toEqual(created.verifiable_addresses);
    expect(same.recovery_addresses).toEqual(created.recovery_addresses);
    expect(same.credentials.password).toEqual(created.credentials.password);
    expect(same.state_changed_at).toBe(created.state_changed_at);
    expect(same.external_id).toBeUndefined();
    expect(factsOf(same).verifiable_addresses).toEqual(factsOf(created).verifiable_addresses);
    const inactive = buildIdentity(input({ state: 'inactive' }), 'default', derived, created, { id: ID, now: T1, newId });
    expect(inactive.state_changed_at).toBe(T1.toISOString());
  });

  it('given addresses set the verification state of derived ones only (Kratos import semantics)', () => {
    const given = [
      { value: 'ADA@example.com', via: 'email' as const, verified: true, status: 'completed' as const },
      { value: 'not-in-traits@example.com', via: 'email' as const, verified: true },
    ];
    const verified = buildIdentity(input({ verifiableAddresses: given }), 'default', derived, created, { id: ID, now: T1, newId });
    expect(verified.verifiable_addresses).toEqual([{ ...created.verifiable_addresses[0], verified: true, status: 'completed', verified_at: T1.toISOString(), updated_at: T1.toISOString() }]);
  });

  it('OIDC providers are added once; removing one keeps the others with their config', () => {
    const withOidc = buildIdentity(input({ oidc: [{ provider: 'github', subject: '1' }] }), 'default', derived, created, { id: ID, now: T1, newId });
    const more = buildIdentity(input({ oidc: [{ provider: 'github', subject: '1' }, { provider: 'google', subject: '1' }] }), 'default', derived, withOidc, { id: ID, now: T1, newId });
    expect(more.credentials.oidc).toMatchObject({ identifiers: ['github:1', 'google:1'], config: { providers: [{ provider: 'github', subject: '1' }, { provider: 'google', subject: '1' }] } });
    const after: AdminIdentity = withoutCredential(more, { identity_id: ID, type: 'oidc', identifiers: ['github:1'], remaining_identifiers: ['google:1'], actor: { type: 'admin' } }, T1);
    expect(after.credentials.oidc).toMatchObject({ identifiers: ['google:1'], config: { providers: [{ provider: 'google', subject: '1' }] } });
    const noPassword = withoutCredential(more, { identity_id: ID, type: 'password', identifiers: ['ada@example.com'], remaining_identifiers: [], actor: { type: 'admin' } }, T1);
    expect(Object.keys(noPassword.credentials)).toEqual(['oidc']);
    expect(claimsOf(noPassword).map((c) => c.kind)).toEqual(['oidc_identifier', 'oidc_identifier']);
  });

  it('imports a TOTP app and lookup codes identified by the identity id (codes hashed); an update keeps them and what settings added', () => {
    const totpUrl = 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP';
    const salt = Buffer.alloc(16, 2).toString('base64url');
    const mfa = buildIdentity(input({ totp: { totpUrl }, lookupSecret: [{ code: 'one' }] }), 'default', derived, created, { id: ID, now: T1, newId, lookupSalt: salt });
    expect(mfa.credentials.totp).toMatchObject({ identifiers: [ID], config: { totp_url: totpUrl }, created_at: T1.toISOString() });
    expect(mfa.credentials.lookup_secret).toMatchObject({ identifiers: [ID], config: { salt, codes: [{ digest: lookupCodeDigest(salt, 'one') }] } });
    expect(JSON.stringify(mfa)).not.toContain('"one"');
    expect(JSON.stringify(factsOf(mfa))).not.toMatch(/secret=|digest/);
    expect(claimsOf(mfa)).toEqual(claimsOf(created).filter((c) => c.kind !== 'external_id'));
    expect(secretsChanged(created, mfa, false)).toEqual([]);

    const webauthn: StoredCredential = { identity_id: ID, type: 'webauthn', identifiers: ['ada@example.com'], config: { credentials: [{ id: 'a', is_passwordless: true }, { id: 'b', is_passwordless: false }], user_handle: 'h' }, version: 1, created_at: T0.toISOString(), updated_at: T0.toISOString() };
    const withKeys: AdminIdentity = { ...mfa, credentials: { ...mfa.credentials, webauthn } };
    const kept = buildIdentity(input(), 'default', derived, withKeys, { id: ID, now: T1, newId, lookupSalt: 'unused' });
    expect(kept.credentials).toEqual(withKeys.credentials);
    const more = buildIdentity(input({ totp: { totpUrl: 'otpauth://totp/y?secret=GEZDGNBV' }, lookupSecret: [{ code: 'two' }] }), 'default', derived, withKeys, { id: ID, now: T1, newId, lookupSalt: 'unused' });
    expect((more.credentials.lookup_secret!.config.codes as unknown[]).length).toBe(2);
    expect(more.credentials.lookup_secret!.config.salt).toBe(salt);
    expect(secretsChanged(withKeys, more, false)).toEqual(['totp', 'lookup_secret']);

    const removed = withoutCredential(withKeys, { identity_id: ID, type: 'webauthn', identifiers: [], remaining_identifiers: ['ada@example.com'], actor: { type: 'admin' } }, T1);
    expect(removed.credentials.webauthn!.config).toEqual({ credentials: [{ id: 'a', is_passwordless: true }], user_handle: 'h' });
    const noTotp = withoutCredential(withKeys, { identity_id: ID, type: 'totp', identifiers: [ID], remaining_identifiers: [], actor: { type: 'admin' } }, T1);
    expect(Object.keys(noTotp.credentials).sort()).toEqual(['lookup_secret', 'password', 'webauthn']);
  });
});

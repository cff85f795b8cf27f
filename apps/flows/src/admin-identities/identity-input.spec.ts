import { KratosError } from '@gatehouse/contracts';
import { IdentitySchemas } from '../schema/identity-schemas';
import { PasswordHasher } from '../strategies/password/password.hasher';
import { parseCreateBody, parsePatchedDocument, parseUpdateBody } from './identity-input';
import { passwordHash, validateTraits } from './identity-validation';

const schemas = new IdentitySchemas([], 'default');
const BCRYPT = '$2b$04$abcdefghijklmnopqrstuu0123456789012345678901234567890';

function refusal(run: () => unknown): KratosError {
  try {
    run();
  } catch (e) {
    if (e instanceof KratosError) return e;
    throw e;
  }
  throw new Error('accepted');
}

/** What one import item becomes, or the Kratos error it is refused with. */
function item(create: unknown) {
  const input = parseCreateBody(create);
  return { input, derived: validateTraits(schemas, input.schemaId!, input.traits) };
}

describe('import item validator: createIdentityBody, the identity schema, the password', () => {
  it('accepts Kratos\'s import format and derives identifiers and addresses from the schema', () => {
    const { input, derived } = item({
      schema_id: 'default',
      traits: { email: 'Ada@Example.com' },
      state: 'inactive',
      metadata_public: { a: 1 },
      metadata_admin: { b: 2 },
      external_id: 'crm-1',
      organization_id: null,
      verifiable_addresses: [{ value: 'ADA@example.com', via: 'email', verified: true, status: 'completed', verified_at: '2020-01-01T00:00:00Z' }],
      recovery_addresses: [{ value: 'ada@example.com', via: 'email' }],
      credentials: { password: { config: { hashed_password: BCRYPT } }, oidc: { config: { providers: [{ provider: 'github', subject: '1' }, { provider: 'github', subject: '1' }] } } },
    });
    expect(input).toEqual({
      schemaId: 'default',
      traits: { email: 'Ada@Example.com' },
      state: 'inactive',
      metadataPublic: { a: 1 },
      metadataAdmin: { b: 2 },
      externalId: 'crm-1',
      verifiableAddresses: [{ value: 'ADA@example.com', via: 'email', verified: true, status: 'completed', verified_at: '2020-01-01T00:00:00.000Z' }],
      password: { hashedPassword: BCRYPT },
      oidc: [{ provider: 'github', subject: '1' }],
    });
    expect(derived).toEqual({ passwordIdentifiers: ['ada@example.com'], verifiableAddresses: [{ value: 'ada@example.com', via: 'email' }], recoveryAddresses: [{ value: 'ada@example.com', via: 'email' }] });
    expect(item({ schema_id: 'default', traits: { email: 'x@example.com' } }).input).toEqual({ schemaId: 'default', traits: { email: 'x@example.com' }, metadataPublic: null, metadataAdmin: null });
  });

  it('refuses bodies Kratos refuses, each with a 400', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /JSON object/],
      [{ traits: { email: 'x@example.com' } }, /schema_id/],
      [{ schema_id: 'default', traits: { email: 'x@example.com' }, schema_url: 'x' }, /unknown field "schema_url"/],
      [{ schema_id: 'default', traits: 'x' }, /traits/],
      [{ schema_id: 'default', traits: {}, state: 'asleep' }, /The supplied state \('asleep'\) was not valid/],
      [{ schema_id: 'default', traits: {}, external_id: 7 }, /external_id/],
      [{ schema_id: 'default', traits: {}, credentials: { webauthn: { config: {} } } }, /webauthn credentials is not supported/],
      [{ schema_id: 'default', traits: {}, credentials: { passkey: { config: {} } } }, /passkey credentials is not supported/],
      [{ schema_id: 'default', traits: {}, credentials: { totp: { config: {} } } }, /TOTP URL is not valid/],
      [{ schema_id: 'default', traits: {}, credentials: { totp: { config: { totp_url: 'otpauth://x' } } } }, /TOTP URL is not valid/],
      [{ schema_id: 'default', traits: {}, credentials: { lookup_secret: { config: {} } } }, /codes must be an array/],
      [{ schema_id: 'default', traits: {}, credentials: { lookup_secret: { config: { codes: [{ code: '' }] } } } }, /non-empty code/],
      [{ schema_id: 'default', traits: {}, credentials: { magic: {} } }, /unknown field "magic"/],
      [{ schema_id: 'default', traits: {}, credentials: { password: { config: { hashed_password: '$unknown$x' } } } }, /does not match any known hash format/],
      [{ schema_id: 'default', traits: {}, credentials: { password: { config: { hashed_password: '$2b$99$abcdefghijklmnopqrstuu0123456789012345678901234567890' } } } }, /known hash format/],
      [{ schema_id: 'default', traits: {}, credentials: { password: { config: {} } } }, /known hash format/],
      [{ schema_id: 'default', traits: {}, credentials: { oidc: { config: { providers: [{ provider: 'github' }] } } } }, /provider and a subject/],
      [{ schema_id: 'default', traits: {}, verifiable_addresses: [{ value: 'x', via: 'pigeon' }] }, /verifiable address/],
      [{ schema_id: 'default', traits: {}, organization_id: '7d0c1f4e-0000-4000-8000-000000000001' }, /organizations/],
    ];
    for (const [body, text] of cases) {
      const e = refusal(() => parseCreateBody(body));
      expect([JSON.stringify(body), e.code]).toEqual([JSON.stringify(body), 400]);
      expect(`${e.message} ${e.body.reason ?? ''}`).toMatch(text);
    }
  });

  it('takes a TOTP app and lookup codes (Kratos\'s import format), on create and on PUT', () => {
    const totp_url = 'otpauth://totp/Gatehouse:ada?secret=JBSWY3DPEHPK3PXP&issuer=Gatehouse';
    const credentials = { totp: { config: { totp_url } }, lookup_secret: { config: { codes: [{ code: 'a1b2' }, { code: 'c3d4', used_at: '2026-01-01T00:00:00Z' }] } } };
    const expected = { totp: { totpUrl: totp_url }, lookupSecret: [{ code: 'a1b2' }, { code: 'c3d4', used_at: '2026-01-01T00:00:00.000Z' }] };
    expect(parseCreateBody({ schema_id: 'default', traits: {}, credentials })).toMatchObject(expected);
    expect(parseUpdateBody({ traits: {}, credentials })).toMatchObject(expected);
    expect(parseCreateBody({ schema_id: 'default', traits: {}, credentials: { totp: null, lookup_secret: null, webauthn: null } })).toEqual({ schemaId: 'default', traits: {}, metadataPublic: null, metadataAdmin: null });
  });

  it('validates traits against the schema: Kratos\'s instance and schema locations; an unknown schema is a 400', () => {
    const e = refusal(() => item({ schema_id: 'default', traits: { email: 'not an email', name: { first: 7 } } }));
    expect(e.body.reason).toContain('I[#/traits/email] S[#/properties/traits/properties/email/format] "not an email" is not valid "email"');
    expect(e.body.reason).toContain('I[#/traits/name/first] S[#/properties/traits/properties/name/properties/first/type] expected string, but got integer');
    expect(refusal(() => item({ schema_id: 'default', traits: {} })).body.reason).toContain('I[#/traits] S[#/properties/traits/required]');
    expect(refusal(() => item({ schema_id: 'nope', traits: { email: 'x@example.com' } })).body.reason).toBe('unable to find JSON Schema ID: nope');
  });

  it('hashes a plaintext password with the configured hasher and keeps an imported hash as it is', async () => {
    const hasher = new PasswordHasher({ algorithm: 'bcrypt', bcrypt: { cost: 4 }, argon2: { memory: 8192, iterations: 1, parallelism: 1, salt_length: 16, key_length: 32 } });
    const plain = item({ schema_id: 'default', traits: { email: 'x@example.com' }, credentials: { password: { config: { password: 'short' } } } });
    const hashed = await passwordHash(hasher, plain.input.password);
    expect(hashed).toMatch(/^\$2b\$04\$/);
    expect(await hasher.verify(hashed!, 'short')).toBe(true);
    expect(await passwordHash(hasher, { hashedPassword: BCRYPT })).toBe(BCRYPT);
    expect(await passwordHash(hasher, undefined)).toBeUndefined();
    await expect(passwordHash(hasher, { password: 'x'.repeat(73) })).rejects.toMatchObject({ code: 400 });
  });

  it('PUT keeps an empty schema_id or state; a patched document sets a password only through its config', () => {
    expect(parseUpdateBody({ schema_id: '', state: '', traits: { email: 'x@example.com' } })).toEqual({ traits: { email: 'x@example.com' }, metadataPublic: null, metadataAdmin: null });
    const doc = { schema_id: 'default', traits: { email: 'x@example.com' }, state: 'active', credentials: { password: { config: { hashed_password: BCRYPT } } }, id: 'ignored' };
    expect(parsePatchedDocument(doc, BCRYPT).password).toBeUndefined();
    expect(parsePatchedDocument({ ...doc, credentials: { password: { config: { hashed_password: BCRYPT, password: 'new one' } } } }, BCRYPT).password).toEqual({ password: 'new one' });
    expect(parsePatchedDocument(doc, 'the hash before').password).toEqual({ hashedPassword: BCRYPT });
    expect(refusal(() => parsePatchedDocument({ ...doc, credentials: { password: { config: { hashed_password: 'plain' } } } }, BCRYPT)).code).toBe(400);
    expect(refusal(() => parsePatchedDocument({ ...doc, schema_id: '' }, undefined)).code).toBe(400);
  });
});

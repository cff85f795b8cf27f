import { KratosError } from '@gatehouse/contracts';
import { lookupCodeDigest } from '../identity/credential-configs';
import { StoredCredential } from '../identity/credentials.repository';
import { declassifiedFactor, isTotpUrl, keyFactsOf, lookupSecretConfig, parseLookupImport, parseTotpImport, totpConfig, withoutSecondFactorKeys } from './factor-credentials';

const ID = '3e2d1c0b-0000-4000-8000-000000000001';
const SECRET = 'JBSWY3DPEHPK3PXP';
const URL_ = `otpauth://totp/Gatehouse:ada@example.com?secret=${SECRET}&issuer=Gatehouse`;
const SALT = Buffer.alloc(16, 7).toString('base64url');

function refusal(run: () => unknown): KratosError {
  try {
    run();
  } catch (e) {
    if (e instanceof KratosError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const stored = (type: StoredCredential['type'], config: Record<string, unknown>, identifiers = [ID]): StoredCredential => ({
  identity_id: ID,
  type,
  identifiers,
  config,
  version: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

const key = (id: string, isPasswordless: boolean) => ({
  id: Buffer.from(id).toString('base64url'),
  public_key: Buffer.from(`pk-${id}`).toString('base64url'),
  sign_count: 3,
  aaguid: Buffer.alloc(16, 1).toString('base64url'),
  transports: ['usb'],
  display_name: `key ${id}`,
  added_at: '2026-01-02T00:00:00.000Z',
  is_passwordless: isPasswordless,
});

describe('imported totp and lookup_secret credentials, and what the admin API shows of the new types', () => {
  it('a totp_url is an otpauth://totp/ URL with a base32 secret; anything else is refused with a 400', () => {
    expect(parseTotpImport({ totp_url: URL_ })).toEqual({ totpUrl: URL_ });
    expect(isTotpUrl(`otpauth://TOTP/x?secret=${SECRET.toLowerCase()}==`)).toBe(true);
    expect(isTotpUrl('otpauth://totp/x?secret=GEZDGNBV')).toBe(true);
    for (const bad of ['otpauth://x', 'otpauth://hotp/x?secret=JBSWY3DP', 'https://totp/x?secret=JBSWY3DP', 'otpauth://totp/x', 'otpauth://totp/x?secret=', 'otpauth://totp/x?secret=JBSW1', 'otpauth://totp/x?secret=A', 'not a url']) {
      expect([bad, isTotpUrl(bad)]).toEqual([bad, false]);
    }
    for (const config of [{}, { totp_url: 7 }, { totp_url: 'otpauth://totp/x?secret=0189' }]) {
      const e = refusal(() => parseTotpImport(config));
      expect([e.code, e.body.reason]).toEqual([400, 'The imported TOTP URL is not valid: it must be an otpauth://totp/ URL with a base32 secret.']);
    }
  });

  it('lookup codes are `{code, used_at?}`; used_at is kept as an ISO date-time', () => {
    expect(parseLookupImport({ codes: [{ code: 'abc' }, { code: 'def', used_at: '2026-01-01T10:00:00+01:00' }, { code: 'ghi', used_at: null }] })).toEqual([
      { code: 'abc' },
      { code: 'def', used_at: '2026-01-01T09:00:00.000Z' },
      { code: 'ghi' },
    ]);
    expect(parseLookupImport({ codes: [] })).toEqual([]);
    for (const config of [{}, { codes: 'abc' }, { codes: ['abc'] }, { codes: [{ code: '' }] }, { codes: [{ code: 1 }] }, { codes: [{ code: 'a', used_at: 'yesterday' }] }]) {
      expect([JSON.stringify(config), refusal(() => parseLookupImport(config)).code]).toEqual([JSON.stringify(config), 400]);
    }
  });

  it('lookup codes are stored as digests under the credential salt, appended to the codes it has', () => {
    const first = lookupSecretConfig(undefined, SALT, [{ code: 'abc' }, { code: 'def', used_at: '2026-01-01T09:00:00.000Z' }]);
    expect(first).toEqual({ salt: SALT, codes: [{ digest: lookupCodeDigest(SALT, 'abc') }, { digest: lookupCodeDigest(SALT, 'def'), used_at: '2026-01-01T09:00:00.000Z' }] });
    expect(JSON.stringify(first)).not.toMatch(/"abc"|"def"/);
    const more = lookupSecretConfig({ ...first }, 'another-salt', [{ code: 'ghi' }]);
    expect(more).toEqual({ salt: SALT, codes: [...first.codes, { digest: lookupCodeDigest(SALT, 'ghi') }] });
  });

  it('a totp import replaces the URL; the replay guard stays only for the same URL', () => {
    expect(totpConfig(undefined, URL_)).toEqual({ totp_url: URL_ });
    expect(totpConfig({ totp_url: URL_, last_step: 9 }, URL_)).toEqual({ totp_url: URL_, last_step: 9 });
    expect(totpConfig({ totp_url: 'otpauth://totp/old?secret=GEZDGNBV', last_step: 9 }, URL_)).toEqual({ totp_url: URL_ });
  });

  it('include_credential shows no secret: totp {}, lookup codes by their use only, WebAuthn keys in Kratos\'s shape', () => {
    expect(declassifiedFactor(stored('totp', { totp_url: URL_, last_step: 3 }))).toEqual({});
    const lookup = lookupSecretConfig(undefined, SALT, [{ code: 'abc' }, { code: 'def', used_at: '2026-01-01T09:00:00.000Z' }]);
    expect(declassifiedFactor(stored('lookup_secret', { ...lookup }))).toEqual({ recovery_codes: [{ used_at: null }, { used_at: '2026-01-01T09:00:00.000Z' }] });
    const handle = Buffer.from('user handle').toString('base64url');
    expect(declassifiedFactor(stored('webauthn', { credentials: [key('k1', false)], user_handle: handle }))).toEqual({
      credentials: [
        {
          id: Buffer.from('k1').toString('base64'),
          public_key: Buffer.from('pk-k1').toString('base64'),
          attestation_type: '',
          authenticator: { aaguid: Buffer.alloc(16, 1).toString('base64'), sign_count: 3, clone_warning: false },
          display_name: 'key k1',
          added_at: '2026-01-02T00:00:00.000Z',
          is_passwordless: false,
          transport: ['usb'],
        },
      ],
      user_handle: Buffer.from('user handle').toString('base64'),
    });
    expect(declassifiedFactor(stored('passkey', {}))).toEqual({ credentials: [], user_handle: null });
  });

  it('key facts: passkeys and identified passwordless WebAuthn keys are first factors; a webauthn removal keeps those', () => {
    expect(keyFactsOf({})).toEqual({ firstFactorKeys: 0, webauthn: { kept: 0, removed: 0 } });
    const webauthn = stored('webauthn', { credentials: [key('a', true), key('b', false), key('c', false)], user_handle: 'x' });
    const passkey = stored('passkey', { credentials: [key('p', true)], user_handle: 'x' }, ['x']);
    expect(keyFactsOf({ webauthn, passkey })).toEqual({ firstFactorKeys: 2, webauthn: { kept: 1, removed: 2 } });
    expect(keyFactsOf({ webauthn: { ...webauthn, identifiers: [] }, passkey: { ...passkey, identifiers: [''] } })).toEqual({ firstFactorKeys: 0, webauthn: { kept: 1, removed: 2 } });
    expect(withoutSecondFactorKeys(webauthn.config)).toEqual({ credentials: [key('a', true)], user_handle: 'x' });
  });
});

import { DEFAULT_SCHEMA, IdentitySchema } from '../../schema/identity-schema';
import { parseTotpUrl, totpAccountName, totpIssuer, totpUrl } from './otpauth';

describe('the otpauth URL', () => {
  it('is written as pquerna/otp writes it for Kratos: secret first, then algorithm, digits, issuer and period', () => {
    expect(totpUrl({ issuer: 'example.com', accountName: 'ada@example.com', secret: 'JBSWY3DPEHPK3PXP' })).toBe(
      'otpauth://totp/example.com:ada@example.com?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&issuer=example.com&period=30',
    );
  });

  it("escapes as Go's url package: %20 for spaces, reserved characters a path keeps stay", () => {
    expect(totpUrl({ issuer: 'Acme Inc', accountName: 'ada+1@example.com', secret: 'MZXW6' })).toBe(
      'otpauth://totp/Acme%20Inc:ada+1@example.com?secret=MZXW6&algorithm=SHA1&digits=6&issuer=Acme%20Inc&period=30',
    );
    expect(totpUrl({ issuer: 'a/b;c', accountName: 'Zoë?', secret: 'MZXW6' })).toBe(
      'otpauth://totp/a/b;c:Zo%C3%AB%3F?secret=MZXW6&algorithm=SHA1&digits=6&issuer=a%2Fb%3Bc&period=30',
    );
  });

  it('is read back: issuer, account name, secret and parameters (SHA1, 6 digits, 30 s when absent)', () => {
    const url = totpUrl({ issuer: 'Acme Inc', accountName: 'Zoë', secret: 'JBSWY3DPEHPK3PXP' });
    expect(parseTotpUrl(url)).toEqual({ issuer: 'Acme Inc', accountName: 'Zoë', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(parseTotpUrl('otpauth://totp/Old:ada?secret=MZXW6')).toEqual({ issuer: 'Old', accountName: 'ada', secret: 'MZXW6', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(parseTotpUrl('otpauth://totp/ada?secret=MZXW6&algorithm=sha256&digits=8&period=60')).toMatchObject({ issuer: '', accountName: 'ada', algorithm: 'SHA256', digits: 8, period: 60 });
  });

  it('is not a key without a base32 secret, as another OTP type or with parameters it can not honour', () => {
    for (const url of [
      'otpauth://totp/a:b',
      'otpauth://totp/a:b?secret=not-base32!',
      'otpauth://hotp/a:b?secret=MZXW6',
      'https://totp/a:b?secret=MZXW6',
      'otpauth://totp/a:b?secret=MZXW6&algorithm=MD5',
      'otpauth://totp/a:b?secret=MZXW6&period=0',
      'not a url',
    ]) {
      expect([url, parseTotpUrl(url)]).toEqual([url, null]);
    }
  });
});

describe('the issuer and the account name', () => {
  it('the issuer is selfservice.methods.totp.config.issuer, else the public base URL host name (no port)', () => {
    expect(totpIssuer('Gatehouse', 'https://id.example.com:4433/')).toBe('Gatehouse');
    expect(totpIssuer(undefined, 'https://id.example.com:4433/')).toBe('id.example.com');
  });

  const schema: IdentitySchema = {
    id: 'totp',
    schema: {
      properties: {
        traits: {
          type: 'object',
          properties: {
            email: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true }, totp: { account_name: true } } as never } },
            name: { type: 'object', properties: { first: { type: 'string' } } },
          },
        },
      },
    },
  };

  it('the account name is the trait the schema marks `credentials.totp.account_name`, else the identity id', () => {
    const identity = { id: '0c5c2f9e-1a1b-4b5e-9d1e-2f1b3c4d5e6f', traits: { email: 'ada@example.com', name: { first: 'Ada' } } };
    expect(totpAccountName(schema, identity)).toBe('ada@example.com');
    expect(totpAccountName(schema, { ...identity, traits: {} })).toBe(identity.id);
    expect(totpAccountName(DEFAULT_SCHEMA, identity)).toBe(identity.id);
  });
});

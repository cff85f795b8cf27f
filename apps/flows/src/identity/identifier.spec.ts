import { DEFAULT_SCHEMA, loadIdentitySchema } from '../schema/identity-schema';
import { deriveCredentials } from '../schema/traits';
import { normalizeIdentifier } from '@gatehouse/contracts';

const schemaOf = (traits: Record<string, unknown>) =>
  loadIdentitySchema({ id: 'test', url: `base64://${Buffer.from(JSON.stringify({ properties: { traits: { type: 'object', properties: traits } } })).toString('base64')}` });

describe("identifier normalisation (Kratos v26.2.0's rules)", () => {
  it('password, code and webauthn identifiers: trimmed and lower-cased whatever they look like', () => {
    for (const use of ['password', 'code', 'webauthn'] as const) {
      expect([' Bob@Home ', '  EXAMPLE@DOMAIN.COM  ', ' AdaL ', '+1 650-253-0000'].map((v) => normalizeIdentifier(v, use))).toEqual([
        'bob@home',
        'example@domain.com',
        'adal',
        '+1 650-253-0000',
      ]);
    }
  });

  it('oidc, saml, totp and lookup_secret identifiers: case-sensitive, kept exactly', () => {
    for (const use of ['oidc', 'saml', 'totp', 'lookup_secret'] as const) expect(normalizeIdentifier(' GitHub:AbC ', use)).toBe(' GitHub:AbC ');
  });

  it('verifiable addresses: lower-cased only when the format is email (or missing, via email); trimmed always', () => {
    expect(normalizeIdentifier(' Ada@Example.COM ', 'verifiable_address', { format: 'email', via: 'email' })).toBe('ada@example.com');
    expect(normalizeIdentifier(' Ada@Example.COM ', 'verifiable_address', { via: 'email' })).toBe('ada@example.com');
    expect(normalizeIdentifier(' Ada@Example.COM ', 'verifiable_address', { format: 'no-validate', via: 'email' })).toBe('Ada@Example.COM');
    expect(normalizeIdentifier(' +49 30 1234 ', 'verifiable_address', { format: 'tel', via: 'sms' })).toBe('+49 30 1234');
  });

  it('recovery addresses: lower-cased via email, trimmed via sms; an address a submission names: trimmed and lower-cased', () => {
    expect(normalizeIdentifier(' Ada@Example.COM ', 'recovery_address', { via: 'email' })).toBe('ada@example.com');
    expect(normalizeIdentifier(' +49 30 1234 ', 'recovery_address', { via: 'sms' })).toBe('+49 30 1234');
    expect(normalizeIdentifier(' Ada@Example.COM ', 'address_lookup')).toBe('ada@example.com');
  });

  it('the ory.sh/kratos extension derives each identifier with its rule', () => {
    expect(deriveCredentials(DEFAULT_SCHEMA, { email: '  Ada@Example.COM ' })).toEqual({
      passwordIdentifiers: ['ada@example.com'],
      verifiableAddresses: [{ value: 'ada@example.com', via: 'email' }],
      recoveryAddresses: [{ value: 'ada@example.com', via: 'email' }],
    });
    const users = schemaOf({
      username: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
      phone: { type: 'string', format: 'tel', 'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'sms' }, recovery: { via: 'sms' } } },
    });
    expect(deriveCredentials(users, { username: ' Bob@Home ', phone: ' +49 30 ABC ' })).toEqual({
      passwordIdentifiers: ['bob@home', '+49 30 abc'],
      verifiableAddresses: [{ value: '+49 30 ABC', via: 'sms' }],
      recoveryAddresses: [{ value: '+49 30 ABC', via: 'sms' }],
    });
  });
});

import { loadConfig } from '@gatehouse/config';
import { flowsConfigSchema } from '../../config.schema';

const env = { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16) };
const load = (over: Record<string, string> = {}) => loadConfig(flowsConfigSchema, { env: { ...env, ...over }, argv: [] });
const P = 'SELFSERVICE_METHODS_PASSWORD_CONFIG_';

describe('password and hasher configuration', () => {
  it('defaults: argon2 with OWASP parameters, bcrypt cost 12, and Kratos password policy defaults', () => {
    const c = load();
    expect(c.hashers).toEqual({
      algorithm: 'argon2',
      argon2: { memory: 19456, iterations: 2, parallelism: 1, salt_length: 16, key_length: 32 },
      bcrypt: { cost: 12 },
    });
    expect(c.selfservice.methods.password.config).toEqual({
      min_password_length: 8,
      max_password_length: 4096,
      identifier_similarity_check_enabled: true,
      haveibeenpwned_enabled: true,
      haveibeenpwned_host: 'api.pwnedpasswords.com',
      max_breaches: 0,
      ignore_network_errors: true,
    });
  });

  it('reads the new keys from the environment', () => {
    const c = load({
      HASHERS_ALGORITHM: 'bcrypt',
      HASHERS_BCRYPT_COST: '4',
      [`${P}IDENTIFIER_SIMILARITY_CHECK_ENABLED`]: 'false',
      [`${P}HAVEIBEENPWNED_ENABLED`]: 'false',
      [`${P}HAVEIBEENPWNED_HOST`]: 'http://127.0.0.1:4010',
      [`${P}MAX_BREACHES`]: '100',
      [`${P}IGNORE_NETWORK_ERRORS`]: 'false',
    });
    expect(c.hashers).toMatchObject({ algorithm: 'bcrypt', bcrypt: { cost: 4 } });
    expect(c.selfservice.methods.password.config).toMatchObject({
      identifier_similarity_check_enabled: false,
      haveibeenpwned_enabled: false,
      haveibeenpwned_host: 'http://127.0.0.1:4010',
      max_breaches: 100,
      ignore_network_errors: false,
    });
  });

  it.each([
    [{ HASHERS_ALGORITHM: 'scrypt' }, /hashers\.algorithm \(env HASHERS_ALGORITHM\)/],
    [{ HASHERS_BCRYPT_COST: '3' }, /hashers\.bcrypt\.cost \(env HASHERS_BCRYPT_COST\)/],
    [{ HASHERS_BCRYPT_COST: '32' }, /hashers\.bcrypt\.cost \(env HASHERS_BCRYPT_COST\)/],
    [{ HASHERS_ARGON2_SALT_LENGTH: '8' }, /hashers\.argon2\.salt_length \(env HASHERS_ARGON2_SALT_LENGTH\)/],
    [{ HASHERS_ARGON2_KEY_LENGTH: '65' }, /hashers\.argon2\.key_length \(env HASHERS_ARGON2_KEY_LENGTH\)/],
    [{ [`${P}MIN_PASSWORD_LENGTH`]: '5' }, /password\.config\.min_password_length \(env SELFSERVICE_METHODS_PASSWORD_CONFIG_MIN_PASSWORD_LENGTH\)/],
    [{ [`${P}MAX_PASSWORD_LENGTH`]: '63' }, /password\.config\.max_password_length \(env SELFSERVICE_METHODS_PASSWORD_CONFIG_MAX_PASSWORD_LENGTH\)/],
    [{ [`${P}MIN_PASSWORD_LENGTH`]: '100', [`${P}MAX_PASSWORD_LENGTH`]: '64' }, /password\.config\.max_password_length .*must not be less than min_password_length/],
    [{ [`${P}MAX_BREACHES`]: '101' }, /password\.config\.max_breaches \(env SELFSERVICE_METHODS_PASSWORD_CONFIG_MAX_BREACHES\)/],
    [{ [`${P}MAX_BREACHES`]: '-1' }, /password\.config\.max_breaches/],
    [{ [`${P}HAVEIBEENPWNED_HOST`]: 'http://127.0.0.1:4010/range' }, /password\.config\.haveibeenpwned_host \(env SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_HOST\)/],
    [{ [`${P}HAVEIBEENPWNED_HOST`]: 'ftp://hibp.example' }, /password\.config\.haveibeenpwned_host/],
    [{ [`${P}HAVEIBEENPWNED_ENABLED`]: 'yes' }, /password\.config\.haveibeenpwned_enabled/],
    [{ [`${P}IGNORE_NETWORK_ERRORS`]: 'maybe' }, /password\.config\.ignore_network_errors/],
  ])('refuses %j naming the key', (override, message) => {
    expect(() => load(override)).toThrow(message);
  });
});

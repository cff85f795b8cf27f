import { BreachCheckUnavailableError, PasswordPolicy, PasswordPolicyConfig } from './password.policy';
import { BreachCounter, BreachLookup } from './pwned-passwords';

const defaults: PasswordPolicyConfig = {
  min_password_length: 8,
  max_password_length: 4096,
  identifier_similarity_check_enabled: true,
  haveibeenpwned_enabled: true,
  haveibeenpwned_host: 'api.pwnedpasswords.com',
  max_breaches: 0,
  ignore_network_errors: true,
};

/** Answers every lookup with `answer` and records the passwords it was asked about. */
class FakeBreaches implements BreachCounter {
  readonly asked: string[] = [];
  constructor(private readonly answer: BreachLookup = { available: true, count: 0 }) {}
  async count(password: string): Promise<BreachLookup> {
    this.asked.push(password);
    return this.answer;
  }
}

function policy(over: Partial<PasswordPolicyConfig> = {}, breaches = new FakeBreaches(), maxPasswordBytes?: number) {
  return { policy: new PasswordPolicy({ ...defaults, ...over }, breaches, maxPasswordBytes), breaches };
}

const clean = 'l3f9toh1uaf81n21';

describe('PasswordPolicy', () => {
  describe('length rules (characters)', () => {
    it('accepts exactly the minimum and refuses one less with 4000032 and its context', async () => {
      const { policy: p } = policy({ min_password_length: 10 });
      await expect(p.check('kuobahcaas', [])).resolves.toBeUndefined();
      await expect(p.check('rfqyfjied', [])).resolves.toEqual({
        id: 4000032,
        text: 'The password must be at least 10 characters long, but got 9.',
        type: 'error',
        context: { min_length: 10, actual_length: 9 },
      });
    });

    it('refuses more than the maximum with 4000033', async () => {
      const { policy: p } = policy({ max_password_length: 64 });
      await expect(p.check('abcdefgh'.repeat(8), [])).resolves.toBeUndefined();
      await expect(p.check('x'.repeat(65), [])).resolves.toMatchObject({ id: 4000033, context: { max_length: 64, actual_length: 65 } });
    });

    it('counts code points, not UTF-16 units', async () => {
      const { policy: p } = policy();
      await expect(p.check('😀🎉🚀🌍🔥💡🎸🍕', [])).resolves.toBeUndefined();
      await expect(p.check('😀🎉🚀🌍🔥💡🎸', [])).resolves.toMatchObject({ id: 4000032, context: { actual_length: 7 } });
    });

    it('does not ask the breach corpus about a password that fails an earlier rule', async () => {
      const { policy: p, breaches } = policy();
      await p.check('short', []);
      expect(breaches.asked).toEqual([]);
    });
  });

  describe('bcrypt byte limit', () => {
    it('refuses more than 72 UTF-8 bytes with 4000033 when the hasher has that limit', async () => {
      const { policy: p } = policy({}, undefined, 72);
      await expect(p.check(`${clean}${'z'.repeat(56)}`, [])).resolves.toBeUndefined(); // 72 bytes
      await expect(p.check(`${clean}${'z'.repeat(57)}`, [])).resolves.toMatchObject({ id: 4000033, context: { max_length: 72, actual_length: 73 } });
      await expect(p.check('é'.repeat(40), [])).resolves.toMatchObject({ id: 4000033, context: { max_length: 72, actual_length: 80 } });
    });

    it('lets the same passwords through without the limit (argon2)', async () => {
      await expect(policy().policy.check('é'.repeat(40), [])).resolves.toBeUndefined();
    });
  });

  describe('identifier similarity', () => {
    it('refuses the identifier itself and a password built from the e-mail local part, with 4000031', async () => {
      const { policy: p } = policy();
      const tooSimilar = { id: 4000031, text: 'The password can not be used because it is too similar to the identifier.', type: 'error' };
      await expect(p.check('alice@example.com', ['alice@example.com'])).resolves.toEqual(tooSimilar);
      await expect(p.check('alice.wonderland#1', ['alice.wonderland@example.com'])).resolves.toEqual(tooSimilar);
    });

    it('checks every identifier', async () => {
      await expect(policy().policy.check('bosqwfaxee', ['someone@example.com', 'bosqwfaxee'])).resolves.toMatchObject({ id: 4000031 });
    });

    it('can be turned off', async () => {
      await expect(policy({ identifier_similarity_check_enabled: false }).policy.check('bosqwfaxee', ['bosqwfaxee'])).resolves.toBeUndefined();
    });
  });

  describe('breached passwords', () => {
    it('refuses a password seen more often than max_breaches with 4000034 and the count', async () => {
      const { policy: p, breaches } = policy({}, new FakeBreaches({ available: true, count: 3 }));
      await expect(p.check(clean, ['someone@example.com'])).resolves.toEqual({
        id: 4000034,
        text: 'The password has been found in data breaches and must no longer be used.',
        type: 'error',
        context: { breaches: 3 },
      });
      expect(breaches.asked).toEqual([clean]);
    });

    it('honours max_breaches (refused only when the count is above it)', async () => {
      const seenThrice = () => new FakeBreaches({ available: true, count: 3 });
      await expect(policy({ max_breaches: 3 }, seenThrice()).policy.check(clean, [])).resolves.toBeUndefined();
      await expect(policy({ max_breaches: 2 }, seenThrice()).policy.check(clean, [])).resolves.toMatchObject({ id: 4000034 });
    });

    it('does not ask when haveibeenpwned_enabled is false', async () => {
      const { policy: p, breaches } = policy({ haveibeenpwned_enabled: false }, new FakeBreaches({ available: true, count: 99 }));
      await expect(p.check(clean, [])).resolves.toBeUndefined();
      expect(breaches.asked).toEqual([]);
    });

    it('accepts when the lookup fails and ignore_network_errors is true', async () => {
      const { policy: p } = policy({ ignore_network_errors: true }, new FakeBreaches({ available: false, failure: 'network' }));
      await expect(p.check(clean, [])).resolves.toBeUndefined();
    });

    it('rejects with BreachCheckUnavailableError (a 502 Kratos error) when ignore_network_errors is false', async () => {
      const { policy: p } = policy({ ignore_network_errors: false }, new FakeBreaches({ available: false, failure: 'status' }));
      const error = await p.check(clean, []).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BreachCheckUnavailableError);
      expect((error as BreachCheckUnavailableError).failure).toBe('status');
      expect((error as BreachCheckUnavailableError).toEnvelope()).toEqual({
        error: { code: 502, status: 'Bad Gateway', reason: 'Leaked password server unavailable', message: 'A third-party upstream service responded improperly' },
      });
    });
  });
});

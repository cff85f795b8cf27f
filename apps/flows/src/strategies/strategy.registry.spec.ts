import { KratosError } from '@gatehouse/contracts';
import { loadConfig } from '@gatehouse/config';
import { flowsConfigSchema } from '../config.schema';
import type { LoginFlow } from '../login/login.state';
import type { VerificationFlow } from '../verification/verification.state';
import { DEFAULT_SCHEMA } from '../schema/identity-schema';
import { IdentitySchemas } from '../schema/identity-schemas';
import { CodeStrategy } from './code/code.strategy';
import { LinkStrategy } from './link/link.strategy';
import { PasswordStrategy } from './password/password.strategy';
import { StrategyId } from './strategy';
import { StrategyRegistry, enabledMethods } from './strategy.registry';

const env = { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16) };
const secrets = { cipher: ['c'.repeat(32)], default: ['d'.repeat(16)] };
const flowBase = { id: '00000000-0000-4000-8000-000000000001', type: 'api' as const, schemaId: 'default', issuedAt: '', expiresAt: '', requestUrl: '' };
const loginFlow: LoginFlow = { ...flowBase, state: 'choose_method', refresh: false, requestedAal: 'aal1' };
const verificationFlow: VerificationFlow = { ...flowBase, state: 'choose_method' };

function registry(enabled: StrategyId[] = ['password', 'code']) {
  const never = () => Promise.reject(new Error('not in this test'));
  const password = new PasswordStrategy({ check: never } as never, { hash: never } as never, { authenticate: never } as never, new IdentitySchemas([], 'default'));
  const strategies = [password, new CodeStrategy({ secrets, lifespanMs: 600_000 }), new LinkStrategy({ secrets, lifespanMs: 3_600_000 })];
  return new StrategyRegistry(strategies, new Set(enabled));
}

describe('StrategyRegistry', () => {
  it('enables password, code and profile, not link nor the second factors, by default (selfservice.methods.<method>.enabled, as Kratos)', () => {
    expect([...enabledMethods(loadConfig(flowsConfigSchema, { env, argv: [] }).selfservice.methods)]).toEqual(['password', 'code', 'profile']);
    const off = loadConfig(flowsConfigSchema, { env: { ...env, SELFSERVICE_METHODS_PASSWORD_ENABLED: 'false', SELFSERVICE_METHODS_LINK_ENABLED: 'true' }, argv: [] });
    expect([...enabledMethods(off.selfservice.methods)]).toEqual(['code', 'link', 'profile']);
  });

  it('lists the enabled strategies serving a flow kind', () => {
    const r = registry(['password', 'code', 'link']);
    expect(r.serving('login').map((s) => s.id)).toEqual(['password']);
    expect(r.serving('verification').map((s) => s.id)).toEqual(['code', 'link']);
    expect(registry(['code']).serving('registration')).toEqual([]);
  });

  it('finds the strategy of a submitted method; an unknown method or one not serving the flow is undefined', () => {
    const r = registry();
    expect(r.method('login', 'password')?.id).toBe('password');
    expect(r.method('login', 'code')).toBeUndefined();
    expect(r.method('recovery', 'password')).toBeUndefined();
    expect(r.method('settings', undefined)).toBeUndefined();
    expect(r.method('settings', 'totp')).toBeUndefined();
  });

  it("answers a disabled method with Kratos's 404 (flow.MethodEnabledAndAllowed)", () => {
    const refused = (() => {
      try {
        registry(['password', 'code']).method('verification', 'link');
      } catch (e) {
        return e;
      }
    })();
    expect(refused).toBeInstanceOf(KratosError);
    expect((refused as KratosError).toEnvelope().error).toMatchObject({ code: 404, reason: expect.stringContaining('disabled by system administrator') });
    expect(() => registry(['code']).method('login', 'password')).toThrow(KratosError);
  });

  it('gives the submit handler of an accepted method, and refuses to hand out one it has not', () => {
    const r = registry();
    expect(typeof r.submitter('verification', 'code').issue).toBe('function');
    expect(() => r.submitter('login', 'code')).toThrow('no strategy code serves login flows');
  });

  it("draws a flow's nodes from its enabled strategies only (or the one named)", () => {
    const login = registry().nodes({ kind: 'login', flow: { ...loginFlow, ui: { values: { identifier: 'ada@example.com' } } }, schema: DEFAULT_SCHEMA });
    expect(login.map((n) => [n.group, n.attributes.name, n.attributes.value])).toEqual([
      ['default', 'identifier', 'ada@example.com'],
      ['password', 'password', undefined],
      ['password', 'method', 'password'],
    ]);
    expect(registry(['code']).nodes({ kind: 'login', flow: loginFlow, schema: DEFAULT_SCHEMA })).toEqual([]);
    const both = registry(['password', 'code', 'link']);
    expect(both.nodes({ kind: 'verification', flow: verificationFlow }, 'link').map((n) => n.group)).toEqual(['link', 'link']);
    expect(both.nodes({ kind: 'verification', flow: { ...verificationFlow, state: 'sent_email', active: 'code', sentTo: 'a@b.c' } }, 'code').map((n) => n.attributes.name)).toEqual([
      'code',
      'method',
      'method',
      'email',
    ]);
  });
});

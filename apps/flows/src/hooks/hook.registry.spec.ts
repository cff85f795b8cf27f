import { loadConfig } from '@gatehouse/config';
import { flowsConfigSchema } from '../config.schema';
import { Hook, HookRefusal, LoginAfter } from './hook';
import { HookRegistry, afterHookNames } from './hook.registry';

const env = { SECRETS_CIPHER: 'c'.repeat(32), SECRETS_DEFAULT: 'd'.repeat(16) };
const config = (over: Record<string, string> = {}) => loadConfig(flowsConfigSchema, { env: { ...env, ...over }, argv: [] }).selfservice.flows;

describe('after hooks from the configuration', () => {
  it("default: registration after password runs `session` (Kratos's quickstart); login and settings run none; recovery revokes", () => {
    const flows = config();
    expect(afterHookNames(flows.registration.after, 'password')).toEqual(['session']);
    expect(afterHookNames(flows.login.after, 'password')).toEqual([]);
    expect(afterHookNames(flows.settings.after, 'password')).toEqual([]);
    expect(afterHookNames(flows.recovery.after, 'code')).toEqual(['revoke_active_sessions']);
  });

  it('reads Kratos environment overrides (JSON arrays) per flow and per method', () => {
    const flows = config({
      SELFSERVICE_FLOWS_REGISTRATION_AFTER_PASSWORD_HOOKS: '[]',
      SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS: '[{"hook":"require_verified_address"}]',
      SELFSERVICE_FLOWS_SETTINGS_AFTER_PASSWORD_HOOKS: '[{"hook":"revoke_active_sessions","config":{}}]',
    });
    expect(afterHookNames(flows.registration.after, 'password')).toEqual([]);
    expect(afterHookNames(flows.login.after, 'password')).toEqual(['require_verified_address']);
    expect(afterHookNames(flows.settings.after, 'password')).toEqual(['revoke_active_sessions']);
  });

  it("refuses a hook the flow cannot run, or a hook listed twice, naming the key and its variable", () => {
    expect(() => config({ SELFSERVICE_FLOWS_LOGIN_AFTER_PASSWORD_HOOKS: '[{"hook":"session"}]' })).toThrow(/selfservice\.flows\.login\.after\.password\.hooks\.0\.hook \(env SELFSERVICE_FLOWS_LOGIN_AFTER_PASSWORD_HOOKS_0_HOOK\)/);
    expect(() => config({ SELFSERVICE_FLOWS_REGISTRATION_AFTER_HOOKS: '[{"hook":"session"},{"hook":"session"}]' })).toThrow(/selfservice\.flows\.registration\.after\.hooks/);
  });

  it("takes the method's own list when it is not empty, else the flow's, never both; `session` always last (as Kratos)", () => {
    const after = { hooks: [{ hook: 'revoke_active_sessions' as const }], password: { hooks: [{ hook: 'session' as const }, { hook: 'show_verification_ui' as const }] } };
    expect(afterHookNames(after, 'password')).toEqual(['show_verification_ui', 'session']);
    expect(afterHookNames({ ...after, password: { hooks: [] } }, 'password')).toEqual(['revoke_active_sessions']);
    expect(afterHookNames(after, 'code')).toEqual(['revoke_active_sessions']);
    expect(afterHookNames({}, 'password')).toEqual([]);
  });
});

describe('HookRegistry', () => {
  const refusal: HookRefusal = { form: [{ id: 1, text: 'no', type: 'error' }] };
  const ran: string[] = [];
  const hook = (name: Hook['name'], refuse = false): Hook => ({
    name,
    login: {
      prePersist: () => (ran.push(`${name}:pre`), refuse ? refusal : undefined),
      postPersist: () => void ran.push(`${name}:post`),
    },
  });
  const after = { hooks: [{ hook: 'revoke_active_sessions' as const }, { hook: 'require_verified_address' as const }] };
  const none = { hooks: [] };
  const ctx = {} as LoginAfter;

  beforeEach(() => ran.splice(0));

  it("runs a flow's hooks in their order, and only hooks that serve that flow", async () => {
    const registry = new HookRegistry({ registration: after, login: after, settings: none, recovery: none }, [hook('revoke_active_sessions'), hook('require_verified_address')]);
    const login = registry.after('login', 'password');
    expect(login.names).toEqual(['revoke_active_sessions', 'require_verified_address']);
    await expect(login.prePersist(ctx)).resolves.toBeUndefined();
    await login.postPersist(ctx);
    expect(ran).toEqual(['revoke_active_sessions:pre', 'require_verified_address:pre', 'revoke_active_sessions:post', 'require_verified_address:post']);
    expect(registry.after('registration', 'password').names).toEqual([]);
  });

  it('stops at the first refusal', async () => {
    const registry = new HookRegistry({ registration: none, login: after, settings: none, recovery: none }, [hook('revoke_active_sessions', true), hook('require_verified_address')]);
    await expect(registry.after('login', 'password').prePersist(ctx)).resolves.toBe(refusal);
    expect(ran).toEqual(['revoke_active_sessions:pre']);
  });
});

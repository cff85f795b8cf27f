import { z } from 'zod';
import { configParts, duration, optionalDuration } from '@gatehouse/config';

/** The hooks each flow can run after a successful submit (Kratos's embedx/config.schema.json allows the same). */
const REGISTRATION_HOOKS = ['session', 'show_verification_ui'] as const;
const LOGIN_HOOKS = ['revoke_active_sessions', 'require_verified_address'] as const;
const SETTINGS_HOOKS = ['revoke_active_sessions'] as const;
const RECOVERY_HOOKS = ['revoke_active_sessions'] as const;

/** Kratos's hook list: `[{hook: name, config?: {}}]`, each hook at most once (env: a JSON array). */
function hookList<const N extends readonly [string, ...string[]]>(names: N, defaults: Array<{ hook: N[number] }> = []) {
  return z
    .array(z.object({ hook: z.enum(names), config: z.record(z.string(), z.unknown()).optional() }).strict())
    .refine((list) => new Set(list.map((h) => h.hook)).size === list.length, 'lists a hook more than once')
    .default(defaults);
}

/** A flow's `after`: the browser return URL, the flow's hooks and the password method's own (`after.password.hooks`,
 * which wins when not empty), as Kratos's selfServiceAfter<Flow>. */
function afterSubmit<const N extends readonly [string, ...string[]]>(names: N, passwordDefaults: Array<{ hook: N[number] }> = []) {
  return z
    .object({
      default_browser_return_url: configParts.url().optional(),
      hooks: hookList(names),
      password: z.object({ hooks: hookList(names, passwordDefaults) }).prefault({}),
      // the other methods' own lists (Kratos's selfservice.flows.*.after.<method>)
      profile: z.object({ hooks: hookList(names) }).prefault({}),
      code: z.object({ hooks: hookList(names) }).prefault({}),
      totp: z.object({ hooks: hookList(names) }).prefault({}),
      lookup_secret: z.object({ hooks: hookList(names) }).prefault({}),
      // a sign-up with a key issues its session as a password sign-up does (Kratos's quickstart lists it for each)
      webauthn: z.object({ hooks: hookList(names, passwordDefaults) }).prefault({}),
      passkey: z.object({ hooks: hookList(names, passwordDefaults) }).prefault({}),
    })
    .prefault({});
}

/** Kratos's required_aal: `aal1`, or `highest_available` (an identity with a second factor needs an aal2 session). */
const requiredAal = () => z.enum(['aal1', 'highest_available']).default('highest_available');

/** A WebAuthn relying party (selfservice.methods.{webauthn,passkey}.config.rp). Without `origins`, the public base URL's origin. */
const relyingParty = () =>
  z
    .object({
      id: z.string().min(1).optional(),
      display_name: z.string().min(1).default('Gatehouse'),
      origins: z.array(configParts.url()).optional(),
      /** Kratos's deprecated single `origin` */
      origin: configParts.url().optional(),
    })
    .prefault({});

/** flows: the write side of self-service. Keys follow Kratos's config where Kratos has one. */
export const flowsConfigSchema = z.object({
  dsn: configParts.dsn(),
  database: z.object({ schema: configParts.pgSchema('flows') }).prefault({}),
  serve: z
    .object({
      port: configParts.port(4500),
      host: z.string().default('127.0.0.1'),
      public: z.object({ base_url: configParts.url().default('http://127.0.0.1:4433/') }).prefault({}),
    })
    .prefault({}),
  kafka: configParts.kafka(),
  outbox: z
    .object({
      enabled: z.boolean().default(true),
      poll_interval: duration('1s'),
      batch_size: z.number().int().min(1).max(5000).default(500),
      /** Send every event to this topic instead of the one its contract names (isolated test runs). */
      topic: z.string().optional(),
    })
    .prefault({}),
  // secrets.cookie signs the CSRF cookie digests; falls back to secrets.default as in Kratos
  secrets: z.object({ cipher: configParts.cipherSecrets(), default: configParts.signingSecrets(), cookie: configParts.signingSecrets().optional() }),
  session: z
    .object({
      lifespan: duration('24h'),
      // Kratos: the admin extend is a no-op while more than this is left; unset means the lifespan
      earliest_possible_extend: optionalDuration(),
      cookie: z
        .object({
          name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).default('ory_kratos_session'),
          domain: z.string().optional(),
          path: z.string().default('/'),
          same_site: z.enum(['Lax', 'Strict', 'None']).default('Lax'),
          persistent: z.boolean().default(true),
        })
        .prefault({}),
      // whoami of a session below what its identity can reach answers 403 session_aal2_required (highest_available)
      whoami: z.object({ required_aal: requiredAal() }).prefault({}),
    })
    .prefault({}),
  identity: z
    .object({
      default_schema_id: z.string().default('default'),
      schemas: z.array(z.object({ id: z.string().min(1), url: z.string().min(1) })).default([]),
    })
    .prefault({}),
  hashers: z
    .object({
      algorithm: z.enum(['argon2', 'bcrypt']).default('argon2'),
      // OWASP's minimum for argon2id: 19 MiB, t=2, p=1.
      argon2: z
        .object({
          memory: z.number().int().min(8 * 1024).default(19 * 1024),
          iterations: z.number().int().min(1).default(2),
          parallelism: z.number().int().min(1).max(255).default(1),
          // The PHC encoder of @node-rs/argon2 takes salts up to 48 bytes and keys up to 64 bytes.
          salt_length: z.number().int().min(16).max(48).default(16),
          key_length: z.number().int().min(16).max(64).default(32),
        })
        .prefault({}),
      // Kratos: default 12, minimum 4 (only sensible in tests), maximum 31.
      bcrypt: z.object({ cost: z.number().int().min(4).max(31).default(12) }).prefault({}),
    })
    .prefault({}),
  selfservice: z
    .object({
      default_browser_return_url: configParts.url().default('http://127.0.0.1:4455/'),
      allowed_return_urls: z.array(configParts.url()).default([]),
      flows: z
        .object({
          registration: z
            .object({
              lifespan: duration('1h'),
              ui_url: configParts.url().default('http://127.0.0.1:4455/registration'),
              enabled: z.boolean().default(true),
              // unified: traits and password in one form; profile_first: traits first, then a credential (Kratos's two-step)
              style: z.enum(['unified', 'profile_first']).default('unified'),
              // Kratos's after hooks: `after.<method>.hooks` when not empty, else `after.hooks`. `session` issues a
              // session right after a password registration (on by default, as Kratos's quickstart)
              after: afterSubmit(REGISTRATION_HOOKS, [{ hook: 'session' }]),
            })
            .prefault({}),
          login: z
            .object({
              lifespan: duration('1h'),
              ui_url: configParts.url().default('http://127.0.0.1:4455/login'),
              // Kratos's after hooks (none by default): `after.<method>.hooks` when not empty, else `after.hooks`
              after: afterSubmit(LOGIN_HOOKS),
            })
            .prefault({}),
          error: z.object({ ui_url: configParts.url().default('http://127.0.0.1:4455/error') }).prefault({}),
          logout: z.object({ after: z.object({ default_browser_return_url: configParts.url().optional() }).prefault({}) }).prefault({}),
          verification: z
            .object({
              enabled: z.boolean().default(true),
              lifespan: duration('1h'),
              ui_url: configParts.url().default('http://127.0.0.1:4455/verification'),
              // the method a new verification flow offers (Kratos's `use`)
              use: z.enum(['code', 'link']).default('code'),
              after: z.object({ default_browser_return_url: configParts.url().optional() }).prefault({}),
            })
            .prefault({}),
          recovery: z
            .object({
              enabled: z.boolean().default(true),
              lifespan: duration('1h'),
              ui_url: configParts.url().default('http://127.0.0.1:4455/recovery'),
              // the method a new recovery flow offers (Kratos's `use`)
              use: z.enum(['code', 'link']).default('code'),
              // a "someone tried to recover this address" mail to unknown addresses (recovery_code_invalid); not sent yet
              notify_unknown_recipients: z.boolean().default(false),
              // Kratos's recovery.after.hooks; `revoke_active_sessions` (on by default here) ends every other session of the identity
              after: z
                .object({
                  default_browser_return_url: configParts.url().optional(),
                  hooks: hookList(RECOVERY_HOOKS, [{ hook: 'revoke_active_sessions' }]),
                })
                .prefault({}),
            })
            .prefault({}),
          settings: z
            .object({
              lifespan: duration('1h'),
              ui_url: configParts.url().default('http://127.0.0.1:4455/settings'),
              // a password change needs a session authenticated this recently (else 403 session_refresh_required);
              // 1h as Kratos (embedx/config.schema.json, SelfServiceFlowSettingsPrivilegedSessionMaxAge)
              privileged_session_max_age: duration('1h'),
              // a settings flow of an identity with a second factor needs an aal2 session (Kratos's default)
              required_aal: requiredAal(),
              // Gatehouse: a mail to the identity's addresses when its password changes or a factor is added or removed
              security_notice: z.object({ enabled: z.boolean().default(true) }).prefault({}),
              // Kratos's after hooks (none by default): `after.<method>.hooks` when not empty, else `after.hooks`
              after: afterSubmit(SETTINGS_HOOKS),
            })
            .prefault({}),
        })
        .prefault({}),
      methods: z
        .object({
          // one-time codes (verification): valid for `lifespan`, the flow refuses codes after `max_submissions` wrong ones
          code: z
            .object({
              enabled: z.boolean().default(true),
              config: z.object({ lifespan: duration('10m'), max_submissions: z.number().int().min(1).default(5) }).prefault({}),
            })
            .prefault({}),
          // the settings flow's traits form (Kratos: on by default)
          profile: z.object({ enabled: z.boolean().default(true) }).prefault({}),
          // second factors and passkeys: off by default, as in Kratos
          totp: z.object({ enabled: z.boolean().default(false), config: z.object({ issuer: z.string().min(1).optional() }).prefault({}) }).prefault({}),
          lookup_secret: z.object({ enabled: z.boolean().default(false) }).prefault({}),
          webauthn: z
            .object({ enabled: z.boolean().default(false), config: z.object({ passwordless: z.boolean().default(false), rp: relyingParty() }).prefault({}) })
            .prefault({}),
          passkey: z.object({ enabled: z.boolean().default(false), config: z.object({ rp: relyingParty() }).prefault({}) }).prefault({}),
          // links with a one-time token (verification); off by default as in Kratos
          link: z.object({ enabled: z.boolean().default(false), config: z.object({ lifespan: duration('1h') }).prefault({}) }).prefault({}),
          password: z
            .object({
              enabled: z.boolean().default(true),
              config: z
                .object({
                  min_password_length: z.number().int().min(6).default(8),
                  max_password_length: z.number().int().min(64).default(4096),
                  identifier_similarity_check_enabled: z.boolean().default(true),
                  haveibeenpwned_enabled: z.boolean().default(true),
                  /** A host name (`https://` is implied) or an http(s) origin such as `http://127.0.0.1:8080`. */
                  haveibeenpwned_host: z
                    .string()
                    .regex(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, 'must be a host name[:port] or an http(s):// origin without a path')
                    .default('api.pwnedpasswords.com'),
                  max_breaches: z.number().int().min(0).max(100).default(0),
                  ignore_network_errors: z.boolean().default(true),
                })
                .refine((c) => c.max_password_length >= c.min_password_length, {
                  path: ['max_password_length'],
                  message: 'must not be less than min_password_length',
                })
                .prefault({}),
            })
            .prefault({}),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type FlowsConfig = z.output<typeof flowsConfigSchema>;

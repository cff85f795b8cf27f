import { FactorAdded, FactorRemoved, FactorUsed, Messages } from '@gatehouse/contracts';
import { LookupSecretConfig, lookupCodeDigest, sameDigest } from '../../identity/credential-configs';
import type { FieldError } from '../../schema/traits-validator';
import type { Credentials, IdentityChange, SettingsResult } from '../strategy';
import { LOOKUP_CODE_COUNT } from './lookup-codes';

/** What the strategy keeps in a settings flow, opened: codes shown and not confirmed yet, or that the stored codes'
 * states are shown (Kratos's internal context keys `regenerated` and `revealed`). */
export interface LookupFlowState {
  pending?: string[];
  revealed?: boolean;
}

export interface LookupSettingsState {
  identityId: string;
  flowId: string;
  sessionId: string;
  now: Date;
  /** the identity's codes (none: not set up) */
  stored: LookupSecretConfig | null;
  /** the codes this flow shows to confirm, opened */
  pending: string[] | null;
  /** fresh randomness, drawn only when the submit needs it */
  fresh: { codes(): string[]; salt(): string };
}

/** The settings decision; `internal` is the flow state in the clear, which the strategy seals. */
export type LookupSettingsDecision = Omit<SettingsResult, 'internal'> & { internal?: LookupFlowState | null };

/** Kratos's CountActiveMultiFactorCredentials for lookup_secret: a credential with codes. */
export function storedLookup(credentials: Credentials): LookupSecretConfig | null {
  const config = credentials.lookup_secret?.config as Partial<LookupSecretConfig> | undefined;
  if (!config || typeof config.salt !== 'string' || !Array.isArray(config.codes) || config.codes.length === 0) return null;
  return { salt: config.salt, codes: config.codes };
}

/** A boolean of a form or JSON submit (`true`, or the strings Go's strconv.ParseBool reads as true). */
export function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['1', 't', 'true'].includes(value.trim().toLowerCase()));
}

const BUTTONS = ['lookup_secret_confirm', 'lookup_secret_reveal', 'lookup_secret_disable', 'lookup_secret_regenerate'] as const;

/** Whether a settings submit is this method's: its buttons name no method (Kratos sets it from them). */
export function claimsLookupSettings(input: Record<string, unknown>): boolean {
  return input.method === 'lookup_secret' || BUTTONS.some((b) => truthy(input[b]));
}

/**
 * The lookup_secret settings submit (kratos:selfservice/strategy/lookup/settings.go), pure, its buttons in Kratos's
 * order: confirm the codes the flow shows (FactorAdded; stored as salted digests only), reveal (the stored codes'
 * states), disable (FactorRemoved), regenerate (new codes to show and confirm: no change yet).
 */
export function decideLookupSettings(input: Record<string, unknown>, s: LookupSettingsState): LookupSettingsDecision {
  const ids = { identity_id: s.identityId, type: 'lookup_secret' as const, flow_id: s.flowId, session_id: s.sessionId };
  if (truthy(input.lookup_secret_confirm)) {
    if (!s.pending || s.pending.length !== LOOKUP_CODE_COUNT) {
      return { form: [Messages.ErrorValidationGeneric('You must (re-)generate recovery backup codes before you can save them.')] };
    }
    const salt = s.fresh.salt();
    const config: LookupSecretConfig = { salt, codes: s.pending.map((code) => ({ digest: lookupCodeDigest(salt, code) })) };
    const data: FactorAdded.V1.Data = { ...ids, identifiers: [s.identityId], added_at: s.now.toISOString() };
    return {
      change: {
        events: [{ type: FactorAdded.V1.name, version: 1, data }],
        configs: { lookup_secret: { ...config } },
        notice: { notice: 'factor_added', factor: 'lookup_secret' },
      },
      internal: null,
    };
  }
  if (truthy(input.lookup_secret_reveal)) {
    if (!s.stored) return { form: [Messages.ErrorValidationGeneric('Can not reveal lookup codes because you have none.')] };
    return { internal: { revealed: true } };
  }
  if (truthy(input.lookup_secret_disable)) {
    if (!s.stored) return { form: [Messages.ErrorValidationNoLookup()] };
    const data: FactorRemoved.V1.Data = { ...ids, remaining_identifiers: [], removed_at: s.now.toISOString() };
    return {
      change: { events: [{ type: FactorRemoved.V1.name, version: 1, data }], notice: { notice: 'factor_removed', factor: 'lookup_secret' } },
      internal: null,
    };
  }
  if (truthy(input.lookup_secret_regenerate)) return { internal: { pending: s.fresh.codes() } };
  return { form: [Messages.ErrorValidationSettingsNoStrategyFound()] };
}

/** A login's lookup secret as Kratos's login.go reads it (required). */
export function readLookupSecret(input: Record<string, unknown>): { fields: FieldError[] } | { code: string } {
  const code = typeof input.lookup_secret === 'string' ? input.lookup_secret.trim() : '';
  if (code === '') return { fields: [{ node: 'lookup_secret', message: Messages.ErrorValidationRequired('lookup_secret') }] };
  return { code };
}

/**
 * A lookup secret against the identity's codes, pure: every stored digest is compared (in constant time, no early
 * exit); an unused match is spent (used_at, to the second as Kratos) and recorded with FactorUsed and the number of
 * codes left; a used match is 4000012, no match 4000016.
 */
export function useLookupSecret(
  credentials: Credentials,
  code: string,
  ctx: { identityId: string; flowId: string; now: Date },
): { refused: FieldError[] } | { used: IdentityChange } {
  const config = storedLookup(credentials);
  if (!config) return { refused: [{ message: Messages.ErrorValidationNoLookup() }] };
  const digest = lookupCodeDigest(config.salt, code);
  let unused = -1;
  let spent = false;
  for (const [i, c] of config.codes.entries()) {
    const match = typeof c.digest === 'string' && sameDigest(c.digest, digest);
    if (match && c.used_at) spent = true;
    else if (match && unused < 0) unused = i;
  }
  if (unused < 0) {
    return { refused: [{ node: 'lookup_secret', message: spent ? Messages.ErrorValidationLookupAlreadyUsed() : Messages.ErrorValidationLookupInvalid() }] };
  }
  const usedAt = new Date(Math.round(ctx.now.getTime() / 1000) * 1000).toISOString();
  const codes = config.codes.map((c, i) => (i === unused ? { ...c, used_at: usedAt } : c));
  const data: FactorUsed.V1.Data = {
    identity_id: ctx.identityId,
    type: 'lookup_secret',
    flow_id: ctx.flowId,
    remaining_codes: codes.filter((c) => !c.used_at).length,
    used_at: ctx.now.toISOString(),
  };
  return { used: { events: [{ type: FactorUsed.V1.name, version: 1, data }], configs: { lookup_secret: { salt: config.salt, codes } } } };
}

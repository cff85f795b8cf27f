import { FactorAdded, FactorRemoved, Messages as M } from '@gatehouse/contracts';
import type { WebAuthnConfig, WebAuthnKey } from '../../identity/credential-configs';
import type { FieldError } from '../../schema/traits-validator';
import type { SettingsContext, SettingsResult } from '../strategy';
import { RegistrationState, addedAt, finishRegistration, namesKey, parseRegistration, stateOf } from './ceremony';
import { KeyCredential, countFirstFactors, keyCredential } from './credentials';
import type { RelyingParty } from './relying-party';

/** Adding and removing a key in a settings flow, as the webauthn and passkey strategies do it
 * (kratos:selfservice/strategy/{webauthn/settings.go,passkey/passkey_settings.go}). */
export interface KeySettingsSpec {
  type: 'webauthn' | 'passkey';
  rp: RelyingParty;
  /** The input with the browser's new credential, and the remove buttons' name. */
  registerField: string;
  removeField: string;
  /** passkey: a remove wins over a register in the same submit; webauthn: the other way round. */
  removeFirst: boolean;
  /** webauthn serves browser flows only (Kratos: not responsible for api flows). */
  browserOnly: boolean;
  requireUserVerification: boolean;
  isPasswordless: boolean;
  displayName(input: Record<string, unknown>): string;
  /** The credential's identifiers once the key is added (none: Kratos's "missing identifier"). */
  identifiers(ctx: SettingsContext, state: RegistrationState, existing: KeyCredential | undefined): string[];
  /** Whether a key may go, given how many first factors the identity has. */
  removable(key: WebAuthnKey, firstFactors: number): boolean;
  /** Kratos's reason when the remove button names no key of the identity. */
  noSuchKey: string;
}

/** Kratos's webauthnx.ErrNotEnoughCredentials. */
export const LOCKOUT = 'unable to remove this security key because it would lock you out of your account';

export function keySettings(spec: KeySettingsSpec): (input: Record<string, unknown>, ctx: SettingsContext) => Promise<SettingsResult> {
  return async (input, ctx) => {
    const register = nonEmpty(input[spec.registerField]);
    const remove = nonEmpty(input[spec.removeField]);
    if ((spec.browserOnly && ctx.flow.type !== 'browser') || (register === undefined && remove === undefined)) {
      return { form: [M.ErrorValidationSettingsNoStrategyFound()] };
    }
    if (remove !== undefined && (spec.removeFirst || register === undefined)) return removeKey(spec, remove, ctx);
    return addKey(spec, register as string, input, ctx);
  };
}

async function addKey(spec: KeySettingsSpec, register: string, input: Record<string, unknown>, ctx: SettingsContext): Promise<SettingsResult> {
  const state = stateOf<RegistrationState>(ctx.flow.internal, spec.type, ctx.flow.id);
  const response = parseRegistration(register);
  if (!response) return refuse(M.ErrorValidationGeneric('Unable to parse WebAuthn response.'));
  if (!state) return refuse(M.ErrorValidationGeneric('Unable to create WebAuthn credential: the flow holds no registration challenge; reload it.'));
  const verified = await finishRegistration(spec.rp, state, response, spec.requireUserVerification);
  if (!verified.ok) return refuse(M.ErrorValidationGeneric(`Unable to create WebAuthn credential: ${verified.reason}`));
  const existing = keyCredential(ctx.credentials, spec.type);
  const keys = existing?.config.credentials ?? [];
  if (keys.some((k) => k.id === verified.value.id)) return refuse(M.ErrorValidationGeneric('Unable to create WebAuthn credential: this key is registered already.'));
  const identifiers = spec.identifiers(ctx, state, existing);
  if (identifiers.length === 0) return refuse(M.ErrorValidationIdentifierMissing());

  const key: WebAuthnKey = { ...verified.value, display_name: spec.displayName(input), added_at: addedAt(ctx.now), is_passwordless: spec.isPasswordless };
  const config: WebAuthnConfig = { credentials: [...keys, key], user_handle: state.user_handle };
  const data: FactorAdded.V1.Data = {
    identity_id: ctx.identity.id,
    type: spec.type,
    flow_id: ctx.flow.id,
    session_id: ctx.sessionId,
    identifiers,
    key: { id: key.id, display_name: key.display_name },
    added_at: ctx.now.toISOString(),
  };
  return {
    change: { events: [{ type: FactorAdded.V1.name, version: 1, data }], configs: { [spec.type]: { ...config } }, notice: { notice: 'factor_added', factor: spec.type } },
    // the challenge is spent
    internal: null,
  };
}

function removeKey(spec: KeySettingsSpec, remove: string, ctx: SettingsContext): SettingsResult {
  const existing = keyCredential(ctx.credentials, spec.type);
  if (!existing) return refuse(M.ErrorValidationGeneric(`You tried to remove a ${spec.type === 'passkey' ? 'passkey' : 'WebAuthn'} but you have no ${spec.type === 'passkey' ? 'passkey' : 'WebAuthn'} set up.`));
  const key = existing.config.credentials.find((k) => namesKey(remove, k));
  if (!key) return refuse(M.ErrorValidationGeneric(spec.noSuchKey));
  if (!spec.removable(key, countFirstFactors(ctx.credentials))) return { fields: [{ node: spec.removeField, message: M.ErrorValidationGeneric(LOCKOUT) }] };

  const remaining = existing.config.credentials.filter((k) => k !== key);
  const data: FactorRemoved.V1.Data = {
    identity_id: ctx.identity.id,
    type: spec.type,
    flow_id: ctx.flow.id,
    session_id: ctx.sessionId,
    remaining_identifiers: remaining.length > 0 ? existing.identifiers : [],
    key: { id: key.id, display_name: key.display_name },
    removed_at: ctx.now.toISOString(),
  };
  const config: WebAuthnConfig = { credentials: remaining, user_handle: existing.config.user_handle };
  return {
    change: {
      events: [{ type: FactorRemoved.V1.name, version: 1, data }],
      ...(remaining.length > 0 ? { configs: { [spec.type]: { ...config } } } : {}),
      notice: { notice: 'factor_removed', factor: spec.type },
    },
  };
}

function refuse(message: FieldError['message']): SettingsResult {
  return { form: [message] };
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

import { FactorAdded, FactorRemoved, FactorUsed, Messages } from '@gatehouse/contracts';
import type { TotpConfig } from '../../identity/credential-configs';
import type { FieldError } from '../../schema/traits-validator';
import type { Credentials, IdentityChange, SettingsResult } from '../strategy';
import { base32Decode, matchTotp } from './hotp';
import { parseTotpUrl, TotpKey } from './otpauth';

/** Steps either side of now a code may belong to (pquerna/otp's totp.Validate, which Kratos uses: skew 1). */
export const TOTP_SKEW = 1;

/** A seed shown in a settings flow and not confirmed yet (sealed in flow.internal.totp between requests). */
export interface PendingTotp {
  /** base32 */
  secret: string;
  url: string;
  /** the QR code of `url`, a data:image/png;base64 URL */
  qr: string;
}

/** What the totp settings decider sees besides the submit. */
export interface TotpSettingsState {
  identityId: string;
  flowId: string;
  sessionId: string;
  now: Date;
  /** the identity's totp credential, as a usable config (none: not linked) */
  linked: TotpConfig | null;
  /** the seed this flow shows, opened (null when there is none or it does not open) */
  pending: PendingTotp | null;
}

/** Kratos's CountActiveMultiFactorCredentials for totp: a credential whose `totp_url` parses. */
export function linkedTotp(credentials: Credentials): TotpConfig | null {
  const config = credentials.totp?.config as Partial<TotpConfig> | undefined;
  if (!config || typeof config.totp_url !== 'string' || !parseTotpUrl(config.totp_url)) return null;
  return { totp_url: config.totp_url, ...(typeof config.last_step === 'number' ? { last_step: config.last_step } : {}) };
}

/** A boolean of a form or JSON submit (`true`, or the strings Go's strconv.ParseBool reads as true). */
export function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['1', 't', 'true'].includes(value.trim().toLowerCase()));
}

/** Whether a settings submit is the totp method's: `method=totp`, or the unlink button (which names no method). */
export function claimsTotpSettings(input: Record<string, unknown>): boolean {
  return input.method === 'totp' || truthy(input.totp_unlink);
}

/**
 * The totp settings submit (kratos:selfservice/strategy/totp/settings.go), pure: unlink a linked app
 * (FactorRemoved), or link the flow's pending seed with a code of it (FactorAdded; the accepted step is the
 * credential's first `last_step`). Kratos treats "link" on a linked identity as a no-op and an unlink of none as an
 * attempt to link; Gatehouse refuses both on the form instead.
 */
export function decideTotpSettings(input: Record<string, unknown>, s: TotpSettingsState): SettingsResult {
  const ids = { identity_id: s.identityId, type: 'totp' as const, flow_id: s.flowId, session_id: s.sessionId };
  if (truthy(input.totp_unlink)) {
    if (!s.linked) return { form: [Messages.ErrorValidationNoTOTPDevice()] };
    const data: FactorRemoved.V1.Data = { ...ids, remaining_identifiers: [], removed_at: s.now.toISOString() };
    return { change: { events: [{ type: FactorRemoved.V1.name, version: 1, data }], notice: { notice: 'factor_removed', factor: 'totp' } } };
  }
  if (s.linked) return { form: [Messages.ErrorValidationGeneric('An authenticator app is already linked. Unlink it before linking another one.')] };
  if (!s.pending) {
    // Kratos answers 500 here (no key in the internal context); Gatehouse refuses, and the strategy draws a new seed
    return { form: [Messages.ErrorValidationGeneric('Could not find the TOTP key of this flow, please scan the new QR code and try again.')], internal: null };
  }
  const code = typeof input.totp_code === 'string' ? input.totp_code.trim() : '';
  if (code === '') return { fields: [{ node: 'totp_code', message: Messages.ErrorValidationRequired('totp_code') }] };
  const key = parseTotpUrl(s.pending.url);
  const step = key ? matchCode(key, code, s.now, undefined) : null;
  if (step === null) return { fields: [wrongCode()] };
  const data: FactorAdded.V1.Data = { ...ids, identifiers: [s.identityId], added_at: s.now.toISOString() };
  return {
    change: {
      events: [{ type: FactorAdded.V1.name, version: 1, data }],
      configs: { totp: { totp_url: s.pending.url, last_step: step } satisfies TotpConfig },
      notice: { notice: 'factor_added', factor: 'totp' },
    },
    internal: null,
  };
}

/** A login's totp code as Kratos's login.go reads it (required, at least 6 characters). */
export function readTotpCode(input: Record<string, unknown>): { fields: FieldError[] } | { code: string } {
  const code = typeof input.totp_code === 'string' ? input.totp_code.trim() : '';
  if (code === '') return { fields: [{ node: 'totp_code', message: Messages.ErrorValidationRequired('totp_code') }] };
  if (code.length < 6) return { fields: [{ node: 'totp_code', message: Messages.ErrorValidationMinLength(6, code.length) }] };
  return { code };
}

/**
 * A second-factor code against the identity's totp credential, pure: a code of now's step or one either side,
 * and (beyond Kratos, which accepts a code again until its step passes) of a step after the credential's
 * `last_step` only. The accepted step becomes the new `last_step`, recorded with FactorUsed.
 */
export function verifyTotp(
  credentials: Credentials,
  code: string,
  ctx: { identityId: string; flowId: string; now: Date },
): { refused: FieldError[] } | { used: IdentityChange } {
  const config = linkedTotp(credentials);
  if (!config) return { refused: [{ message: Messages.ErrorValidationNoTOTPDevice() }] };
  const key = parseTotpUrl(config.totp_url);
  const step = key ? matchCode(key, code, ctx.now, config.last_step) : null;
  if (step === null) return { refused: [wrongCode()] };
  const data: FactorUsed.V1.Data = { identity_id: ctx.identityId, type: 'totp', flow_id: ctx.flowId, used_at: ctx.now.toISOString() };
  return { used: { events: [{ type: FactorUsed.V1.name, version: 1, data }], configs: { totp: { ...config, last_step: step } satisfies TotpConfig } } };
}

function matchCode(key: TotpKey, code: string, now: Date, lastStep: number | undefined): number | null {
  const secret = base32Decode(key.secret);
  if (!secret) return null;
  const acceptable = lastStep === undefined ? undefined : (step: number) => step > lastStep;
  return matchTotp(secret, code, now, { digits: key.digits, algorithm: key.algorithm, period: key.period, skew: TOTP_SKEW, acceptable });
}

function wrongCode(): FieldError {
  return { node: 'totp_code', message: Messages.ErrorValidationTOTPVerifierWrong() };
}

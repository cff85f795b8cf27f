import { ErrorIds, KratosError } from '@gatehouse/contracts';
import type { WebAuthnConfig } from '../identity/credential-configs';
import type { SessionRecord } from './session.repository';

/** The credential types that may be a second factor (Kratos's identity.SetAvailableAAL: totp, lookup_secret and
 * webauthn keys that are not passwordless; projected as identities.available_aal). */
export const SECOND_FACTOR_TYPES: readonly string[] = ['totp', 'lookup_secret', 'webauthn'];

/** Kratos's required_aal: `aal1`, or `highest_available` (aal2 when the identity has a second factor). */
export type RequiredAal = 'aal1' | 'highest_available';

/** Whether an identity's credentials (their configs, by type) hold a second factor: totp, lookup_secret, or a
 * webauthn key that is not passwordless (Kratos's identity.SetAvailableAAL). Pure. */
export function hasSecondFactor(configs: Readonly<Record<string, Record<string, unknown>>>): boolean {
  if (configs.totp || configs.lookup_secret) return true;
  const keys = (configs.webauthn as Partial<WebAuthnConfig> | undefined)?.credentials ?? [];
  return keys.some((k) => !k.is_passwordless);
}

/** The highest level an identity can reach: aal2 with a second factor. Pure. */
export function availableAal(hasSecondFactor: boolean): 'aal1' | 'aal2' {
  return hasSecondFactor ? 'aal2' : 'aal1';
}

/** Kratos's DoesSessionSatisfy. Pure. */
export function satisfiesAal(session: Pick<SessionRecord, 'aal'>, available: 'aal1' | 'aal2', required: RequiredAal): boolean {
  if (session.aal === 'aal2' || required === 'aal1') return true;
  return available !== 'aal2';
}

/** Where a browser completes the second factor: the login flow at aal2 (with return_to when given). */
export function aal2LoginUrl(publicBaseUrl: string, returnTo?: string): string {
  const url = new URL(`${publicBaseUrl.replace(/\/+$/, '')}/self-service/login/browser`);
  url.searchParams.set('aal', 'aal2');
  if (returnTo) url.searchParams.set('return_to', returnTo);
  return url.toString();
}

/** 403 session_aal2_required with redirect_browser_to (Kratos's ErrAALNotSatisfied). */
export function aal2Required(redirectTo: string): KratosError {
  return KratosError.of(ErrorIds.ErrIDHigherAALRequired, { details: { redirect_browser_to: redirectTo } }, { redirect_browser_to: redirectTo });
}

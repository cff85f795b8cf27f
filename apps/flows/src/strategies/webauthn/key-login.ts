import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { FactorUsed, Messages as M } from '@gatehouse/contracts';
import type { WebAuthnConfig, WebAuthnKey } from '../../identity/credential-configs';
import type { FieldError } from '../../schema/traits-validator';
import type { IdentityChange } from '../strategy';
import { CeremonyState, finishLogin } from './ceremony';
import type { RelyingParty } from './relying-party';

/** Signing in with a key (Kratos's ValidateLogin / ValidateDiscoverableLogin): the assertion must name one of the
 * keys offered, answer the flow's challenge from an expected origin, carry a valid signature and a counter that grew. */

/** Kratos's NewWebAuthnVerifierWrongError (it reuses the TOTP message), on the form. */
export const WRONG_KEY: FieldError[] = [{ message: M.ErrorValidationTOTPVerifierWrong() }];

/** Kratos's answer to a submit without a parseable `*_login` value. */
export function unparseable(node: string): FieldError[] {
  return [{ node, message: M.ErrorValidationGeneric('Unable to parse WebAuthn response.') }];
}

export async function assertKey(
  rp: RelyingParty,
  state: CeremonyState | undefined,
  response: AuthenticationResponseJSON,
  keys: readonly WebAuthnKey[],
  requireUserVerification: boolean,
): Promise<{ key: WebAuthnKey; counter: number } | undefined> {
  if (!state) return undefined;
  const key = keys.find((k) => k.id === response.id || k.id === response.rawId);
  if (!key) return undefined;
  const verified = await finishLogin(rp, state, response, key, requireUserVerification);
  return verified.ok ? { key, counter: verified.value } : undefined;
}

/** The login's change to the credential: FactorUsed, and the config with the key's new signature counter. */
export function keyUsed(
  type: 'webauthn' | 'passkey',
  config: WebAuthnConfig,
  used: { key: WebAuthnKey; counter: number },
  at: { identityId: string; flowId: string; now: Date },
): IdentityChange {
  const data: FactorUsed.V1.Data = {
    identity_id: at.identityId,
    type,
    flow_id: at.flowId,
    key: { id: used.key.id, display_name: used.key.display_name },
    used_at: at.now.toISOString(),
  };
  const credentials = config.credentials.map((k) => (k.id === used.key.id ? { ...k, sign_count: used.counter } : k));
  return { events: [{ type: FactorUsed.V1.name, version: 1, data }], configs: { [type]: { credentials, user_handle: config.user_handle } } };
}

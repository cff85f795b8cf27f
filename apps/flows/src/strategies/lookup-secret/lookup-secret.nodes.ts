import { Messages as M, UiNode, UiText } from '@gatehouse/contracts';
import type { LookupSecretConfig } from '../../identity/credential-configs';
import { input, textNode } from '../../ui/nodes';

/** What an unused code shows when the stored codes are revealed: Gatehouse stores only their digests. */
export const MASKED_CODE = '********';

const button = (name: string, label: UiText): UiNode => input('lookup_secret', { name, type: 'submit', value: 'true' }, label);
const reveal = () => button('lookup_secret_reveal', M.InfoSelfServiceSettingsRevealLookup());
const regenerate = () => button('lookup_secret_regenerate', M.InfoSelfServiceSettingsRegenerateLookup());
const disable = () => button('lookup_secret_disable', M.InfoSelfServiceSettingsDisableLookup());
const confirm = () => button('lookup_secret_confirm', M.InfoSelfServiceSettingsLookupConfirm());

/** Kratos's CredentialsLookupConfig.ToNode: the `lookup_secret_codes` text, each code's message in its context. */
function codesNode(entries: Array<{ formatted: string; message: UiText }>): UiNode {
  const list = M.InfoSelfServiceSettingsLookupSecretList(
    entries.map((e) => e.formatted),
    entries.map((e) => e.message),
  );
  return textNode('lookup_secret', 'lookup_secret_codes', list, M.InfoSelfServiceSettingsLookupSecretLabel());
}

/** No codes yet (Kratos snapshot button_for_regeneration_is_displayed): generate them. */
export function lookupNoneNodes(): UiNode[] {
  return [regenerate()];
}

/** Stored codes, hidden (hide_recovery_codes_behind_reveal_button_and_show_disable_button): reveal, disable. */
export function lookupStoredNodes(): UiNode[] {
  return [reveal(), disable()];
}

/** New codes after a regenerate (regenerate_but_no_confirmation): the codes in the clear, and confirm. */
export function lookupPendingNodes(codes: string[]): UiNode[] {
  return [codesNode(codes.map((code) => ({ formatted: code, message: M.InfoSelfServiceSettingsLookupSecret(code) }))), confirm()];
}

/**
 * The stored codes revealed, then disable and regenerate, as Kratos's continueSettingsFlowReveal. A deliberate
 * deviation: Kratos keeps the codes in the clear and shows them again; Gatehouse stores salted digests only, so an
 * unused code shows as MASKED_CODE (message 1050009) and a used one as Kratos's 1050014 "Secret was used at …". The
 * list tells how many codes are left; a person who lost them generates new ones.
 */
export function lookupRevealedNodes(stored: LookupSecretConfig): UiNode[] {
  const entries = stored.codes.map((c) =>
    c.used_at
      ? { formatted: 'used', message: M.InfoSelfServiceSettingsLookupSecretUsed(c.used_at) }
      : { formatted: MASKED_CODE, message: M.InfoSelfServiceSettingsLookupSecret(MASKED_CODE) },
  );
  return [codesNode(entries), disable(), regenerate()];
}

/** An aal2 login of an identity with codes (lookup/login.go PopulateLoginMethod). */
export function lookupLoginNodes(): UiNode[] {
  return [
    input('lookup_secret', { name: 'lookup_secret', type: 'text', value: '', required: true }, M.InfoLoginLookupLabel()),
    input('lookup_secret', { name: 'method', type: 'submit', value: 'lookup_secret' }, M.InfoLoginLookup()),
  ];
}

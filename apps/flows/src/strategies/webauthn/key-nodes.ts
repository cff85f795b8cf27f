import { randomUUID } from 'node:crypto';
import { Messages as M, UiNode, UiNodeGroup, UiText } from '@gatehouse/contracts';
import type { WebAuthnKey } from '../../identity/credential-configs';
import { scriptNode } from '../../ui/nodes';
import { keyHex } from './ceremony';
import { scriptUrl } from './relying-party';
import { WEBAUTHN_SCRIPT_INTEGRITY } from './webauthn.script';

/** The ui nodes of the webauthn and passkey strategies (kratos:x/webauthnx/nodes.go and the strategies' nodes.go). */

/** The functions of webauthn.js a node's trigger names (Kratos's js.WebAuthnTriggers). */
export type WebAuthnTrigger =
  | 'oryWebAuthnRegistration'
  | 'oryWebAuthnLogin'
  | 'oryPasskeyLogin'
  | 'oryPasskeyLoginAutocompleteInit'
  | 'oryPasskeyRegistration'
  | 'oryPasskeySettingsRegistration';

/** Input attributes with the triggers the contracts' input type does not name. */
interface KeyInputAttributes {
  name: string;
  type: 'text' | 'hidden' | 'button' | 'submit';
  value?: string;
  disabled?: boolean;
  onclick?: string;
  onclickTrigger?: WebAuthnTrigger;
  onload?: string;
  onloadTrigger?: WebAuthnTrigger;
}

/** An input node, attributes in Kratos's order (name, type, value, …, disabled, onclick, onclickTrigger, onload,
 * onloadTrigger, node_type). The contracts' UiNode has no trigger attributes, hence the cast. */
export function keyInput(group: UiNodeGroup, a: KeyInputAttributes, label?: UiText): UiNode {
  const { name, type, value, onclick, onclickTrigger, onload, onloadTrigger } = a;
  const attributes = JSON.parse(JSON.stringify({ name, type, value, disabled: a.disabled ?? false, onclick, onclickTrigger, onload, onloadTrigger, node_type: 'input' }));
  return { type: 'input', group, attributes, messages: [], meta: label ? { label } : {} } as UiNode;
}

/** The webauthn.js script node (group webauthn, also among the passkey nodes, as in Kratos), with a fresh nonce. */
export function webauthnScriptNode(publicBaseUrl: string): UiNode {
  return scriptNode('webauthn', 'webauthn_script', scriptUrl(publicBaseUrl), WEBAUTHN_SCRIPT_INTEGRITY, randomUUID());
}

/** A trigger's javascript handler (deprecated in Kratos in favour of the trigger name, still sent to browsers). */
export function onclick(trigger: WebAuthnTrigger, args = ''): string {
  return `window.${trigger}(${args})`;
}

/** One remove button per key: the value is the key's id in hex, the label names it (`unnamed` without a name). */
export function removeKeyNodes(method: 'webauthn' | 'passkey', keys: readonly WebAuthnKey[], disabled: (key: WebAuthnKey) => boolean): UiNode[] {
  return keys.map((k) => {
    const name = k.display_name || 'unnamed';
    const label = method === 'webauthn' ? M.InfoSelfServiceSettingsRemoveWebAuthn(name, k.added_at) : M.InfoSelfServiceSettingsRemovePasskey(name, k.added_at);
    return keyInput(method, { name: `${method}_remove`, type: 'submit', value: keyHex(k), disabled: disabled(k) }, label);
  });
}

/** webauthn settings: the key's name, the hidden input webauthn.js fills, the trigger carrying the options, the script. */
export function webauthnRegisterNodes(optionsJson: string, publicBaseUrl: string): UiNode[] {
  return [
    keyInput('webauthn', { name: 'webauthn_register_displayname', type: 'text', value: '' }, M.InfoSelfServiceSettingsRegisterWebAuthnDisplayName()),
    keyInput('webauthn', { name: 'webauthn_register', type: 'hidden', value: '' }),
    keyInput(
      'webauthn',
      { name: 'webauthn_register_trigger', type: 'button', value: optionsJson, onclick: onclick('oryWebAuthnRegistration', optionsJson), onclickTrigger: 'oryWebAuthnRegistration' },
      M.InfoSelfServiceSettingsRegisterWebAuthn(),
    ),
    webauthnScriptNode(publicBaseUrl),
  ];
}

/** An aal2 login: the script, the trigger carrying the options, the hidden input webauthn.js fills. */
export function webauthnLoginNodes(optionsJson: string, publicBaseUrl: string): UiNode[] {
  return [
    webauthnScriptNode(publicBaseUrl),
    keyInput(
      'webauthn',
      { name: 'webauthn_login_trigger', type: 'button', value: optionsJson, onclick: onclick('oryWebAuthnLogin', optionsJson), onclickTrigger: 'oryWebAuthnLogin' },
      M.InfoSelfServiceLoginWebAuthn(),
    ),
    keyInput('webauthn', { name: 'webauthn_login', type: 'hidden', value: '' }),
  ];
}

/** passkey settings: the trigger, the hidden input webauthn.js fills, the options (the script comes first, before
 * the remove buttons, as Kratos orders them). */
export function passkeyRegisterNodes(optionsJson: string, browser: boolean): UiNode[] {
  const trigger = 'oryPasskeySettingsRegistration';
  return [
    keyInput('passkey', { name: 'passkey_register_trigger', type: 'button', value: '', onclick: browser ? onclick(trigger) : undefined, onclickTrigger: trigger }, M.InfoSelfServiceSettingsRegisterPasskey()),
    keyInput('passkey', { name: 'passkey_settings_register', type: 'hidden' }),
    keyInput('passkey', { name: 'passkey_create_data', type: 'hidden', value: optionsJson }),
  ];
}

/** A first-factor login: the options, the script (browser flows), the hidden input webauthn.js fills (with the
 * conditional-UI autofill trigger unless a refresh), the trigger. */
export function passkeyLoginNodes(optionsJson: string, publicBaseUrl: string, browser: boolean, autofill: boolean): UiNode[] {
  const init = 'oryPasskeyLoginAutocompleteInit';
  const login = 'oryPasskeyLogin';
  return [
    keyInput('passkey', { name: 'passkey_challenge', type: 'hidden', value: optionsJson }),
    ...(browser ? [webauthnScriptNode(publicBaseUrl)] : []),
    keyInput('passkey', { name: 'passkey_login', type: 'hidden', ...(autofill ? { onload: browser ? onclick(init) : undefined, onloadTrigger: init } : {}) }),
    keyInput('passkey', { name: 'passkey_login_trigger', type: 'button', value: '', onclick: browser ? onclick(login) : undefined, onclickTrigger: login }, M.InfoSelfServiceLoginPasskey()),
  ];
}

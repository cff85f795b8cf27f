import { randomUUID } from 'node:crypto';
import { Messages as M, UiNode } from '@gatehouse/contracts';
import type { WebAuthnConfig, WebAuthnKey } from '../../identity/credential-configs';
import type { RegistrationFlow } from '../../registration/registration.state';
import type { FieldError } from '../../schema/traits-validator';
import type { CredentialSubject, NewCredential, Submission, Submits } from '../strategy';
import { RegisteredKey, RegistrationState, addedAt, finishRegistration, parseRegistration, stateOf } from './ceremony';
import { keyInput, onclick, webauthnScriptNode } from './key-nodes';
import type { RelyingParty } from './relying-party';

/** Signing up with a key, as the passkey and (passwordless) webauthn strategies do it
 * (kratos:selfservice/strategy/{passkey/passkey_registration.go,webauthn/registration.go}): the browser's new
 * credential answers the registration options prepare() kept in the flow; the identity starts with that one key. */
export interface KeyRegistrationSpec {
  type: 'webauthn' | 'passkey';
  rp: RelyingParty;
  /** The input with the browser's new credential (`passkey_register`, `webauthn_register`). */
  registerField: string;
  /** webauthn serves browser flows only (Kratos: not responsible for api flows). */
  browserOnly: boolean;
  requireUserVerification: boolean;
  displayName(input: Record<string, unknown>): string;
  /** The credential's identifiers: the passkey's user handle (as a string), or the traits marked webauthn identifier. */
  identifiers(subject: CredentialSubject, state: RegistrationState): string[];
}

/** Kratos's answer when the submit carries no credential (the strategy is not responsible; the React SDK sends
 * "true" for an empty value). */
const NOT_RESPONSIBLE: FieldError[] = [{ message: M.ErrorValidationRegistrationNoStrategyFound() }];

export function keyRegistration(spec: KeyRegistrationSpec): Submits['registration'] {
  return (input, subject): Submission<NewCredential> => {
    const register = input[spec.registerField];
    const flow = subject.registration?.flow;
    if (typeof register !== 'string' || register === '' || register === 'true' || !flow) return { fields: NOT_RESPONSIBLE };
    if (spec.browserOnly && flow.type !== 'browser') return { fields: NOT_RESPONSIBLE };
    const response = parseRegistration(register);
    if (!response) return { fields: [{ node: spec.registerField, message: M.ErrorValidationGeneric('Unable to parse WebAuthn response.') }] };
    const state = stateOf<RegistrationState>(flow.internal, spec.type, flow.id);
    if (!state) return { fields: [{ message: M.ErrorValidationGeneric('Unable to create WebAuthn credential: the flow holds no registration challenge; reload it.') }] };
    const now = subject.registration!.now;
    let verified: RegisteredKey | undefined;
    return {
      accepted: {
        check: async () => {
          const r = await finishRegistration(spec.rp, state, response, spec.requireUserVerification);
          if (!r.ok) return { message: M.ErrorValidationGeneric(`Unable to create WebAuthn credential: ${r.reason}`) };
          verified = r.value;
          return undefined;
        },
        configs: async () => {
          if (!verified) throw new Error('a key is stored only once check() verified it');
          const key: WebAuthnKey = { ...verified, display_name: spec.displayName(input), added_at: addedAt(now), is_passwordless: true };
          const config: WebAuthnConfig = { credentials: [key], user_handle: state.user_handle };
          return { type: spec.type, identifiers: spec.identifiers(subject, state), config: { ...config } };
        },
      },
    };
  };
}

/** A registration flow's key options: the user handle is new (the identity does not exist yet), no key excluded. */
export function newUserHandle(type: 'webauthn' | 'passkey', randomHandle: () => string): string {
  // passkey: Kratos's 64 letters and digits (the identifier is that string); webauthn: a new UUID's 16 bytes
  const raw = type === 'passkey' ? Buffer.from(randomHandle(), 'utf8') : Buffer.from(randomUUID().replace(/-/g, ''), 'hex');
  return raw.toString('base64url');
}

/** The passkey's nodes on a registration flow, in the order Kratos shows them (its registration sorts the webauthn
 * group's script first): the script (browser flows), the trigger, the hidden input webauthn.js fills, and the create
 * data (`{credentialOptions, displayNameFieldName}`: the options and the trait whose value names the key). */
export function passkeySignUpNodes(flow: RegistrationFlow, state: RegistrationState, displayNameField: string, publicBaseUrl: string): UiNode[] {
  const browser = flow.type === 'browser';
  const trigger = 'oryPasskeyRegistration';
  const createData = JSON.stringify({ credentialOptions: state.options, displayNameFieldName: displayNameField });
  return [
    ...(browser ? [webauthnScriptNode(publicBaseUrl)] : []),
    keyInput('passkey', { name: 'passkey_register_trigger', type: 'button', onclick: browser ? onclick(trigger) : undefined, onclickTrigger: trigger }, M.InfoSelfServiceRegistrationRegisterPasskey()),
    keyInput('passkey', { name: 'passkey_register', type: 'hidden' }),
    keyInput('passkey', { name: 'passkey_create_data', type: 'hidden', value: createData }),
  ];
}

/** A passwordless webauthn sign-up (browser flows): the key's name, the hidden input webauthn.js fills, the trigger
 * carrying the options, the script (Kratos's registration order). */
export function webauthnSignUpNodes(state: RegistrationState, publicBaseUrl: string): UiNode[] {
  const options = JSON.stringify(state.options);
  return [
    keyInput('webauthn', { name: 'webauthn_register_displayname', type: 'text', value: '' }, M.InfoSelfServiceSettingsRegisterWebAuthnDisplayName()),
    keyInput('webauthn', { name: 'webauthn_register', type: 'hidden', value: '' }),
    keyInput(
      'webauthn',
      { name: 'webauthn_register_trigger', type: 'button', value: options, onclick: onclick('oryWebAuthnRegistration', options), onclickTrigger: 'oryWebAuthnRegistration' },
      M.InfoSelfServiceRegistrationRegisterWebAuthn(),
    ),
    webauthnScriptNode(publicBaseUrl),
  ];
}

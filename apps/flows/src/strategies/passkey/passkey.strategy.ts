import { randomInt } from 'node:crypto';
import { Messages as M, UiNode } from '@gatehouse/contracts';
import type { FlowsConfig } from '../../config.schema';
import type { Authentication } from '../../login/login.authenticator';
import type { LoginFlow } from '../../login/login.state';
import { LoginCredential, NodeTarget, Strategy, Submission, Submits } from '../strategy';
import { LoginState, RegistrationState, beginLogin, beginRegistration, parseAssertion, stateOf } from '../webauthn/ceremony';
import { countFirstFactors, keyCredential, passkeyDisplayName, passkeyDisplayNameField } from '../webauthn/credentials';
import { WRONG_KEY, assertKey, keyUsed, unparseable } from '../webauthn/key-login';
import { passkeyLoginNodes, passkeyRegisterNodes, removeKeyNodes, webauthnScriptNode } from '../webauthn/key-nodes';
import { keyRegistration, newUserHandle, passkeySignUpNodes } from '../webauthn/key-registration';
import { keySettings } from '../webauthn/key-settings';
import { RelyingParty, relyingParty } from '../webauthn/relying-party';
import type { PasskeyOwners } from './passkey.repository';

export interface PasskeyStrategyOptions {
  /** selfservice.methods.passkey.config: the relying party */
  config: FlowsConfig['selfservice']['methods']['passkey']['config'];
  /** serve.public.base_url: the RP's defaults and where the script node loads webauthn.js from */
  publicBaseUrl: string;
  /** who owns a user handle: new PasskeyRepository(pool, config.database.schema) */
  owners: PasskeyOwners;
  /** the time a login's FactorUsed carries (authenticate() gets none) */
  clock?: () => Date;
}

/** Kratos's passkey authenticator selection (PasskeyConfig): a discoverable platform credential. Gatehouse requires
 * user verification (Kratos prefers it): a passkey is the only factor of an aal1 login. */
const SELECTION = { authenticatorAttachment: 'platform', residentKey: 'required', requireResidentKey: true, userVerification: 'required' } as const;

/** The `passkey` method (kratos:selfservice/strategy/passkey): discoverable keys as a passwordless first factor (aal1).
 * Settings add and remove them; a login finds the identity by the user handle the key answers with. */
export class PasskeyStrategy implements Strategy {
  readonly id = 'passkey';
  readonly credentialType = 'passkey';
  /** webauthn.js submits the form without a method; the remove buttons carry none either. */
  readonly claimsSettings = (input: Record<string, unknown>) => filled(input.passkey_settings_register) || filled(input.passkey_remove);
  /** The same for a login: webauthn.js posts `passkey_login` without a method (not in the Strategy interface yet:
   * Kratos's Login takes a submit with `passkey_login` set or method=passkey). */
  readonly claimsLogin = (input: Record<string, unknown>) => filled(input.passkey_login);
  /** And a registration: webauthn.js posts `passkey_register` (the traits beside it) without a method. */
  readonly claimsRegistration = (input: Record<string, unknown>) => filled(input.passkey_register);
  readonly submit: Pick<Submits, 'settings' | 'login' | 'registration'>;
  private readonly rp: RelyingParty;
  private readonly clock: () => Date;

  constructor(private readonly options: PasskeyStrategyOptions) {
    this.rp = relyingParty(options.config.rp, options.publicBaseUrl);
    this.clock = options.clock ?? (() => new Date());
    const settings = keySettings({
      type: 'passkey',
      rp: this.rp,
      registerField: 'passkey_settings_register',
      removeField: 'passkey_remove',
      removeFirst: true,
      browserOnly: false,
      requireUserVerification: true,
      isPasswordless: true,
      // Kratos names a passkey after its authenticator model (AAGUID table), which Gatehouse does not ship
      displayName: () => '',
      // the user handle (as a string) is how a login finds the identity
      identifiers: (_ctx, state, existing) => [...new Set([...(existing?.identifiers ?? []), Buffer.from(state.user_handle, 'base64url').toString('utf8')])],
      removable: (_key, firstFactors) => firstFactors >= 2,
      noSuchKey: 'You tried to remove a passkey which does not exist.',
    });
    const registration = keyRegistration({
      type: 'passkey',
      rp: this.rp,
      registerField: 'passkey_register',
      browserOnly: false,
      requireUserVerification: true,
      displayName: () => '',
      // Kratos's passkey identifier: the user handle as a string
      identifiers: (_subject, state) => [Buffer.from(state.user_handle, 'base64url').toString('utf8')],
    });
    this.submit = { settings, registration, login: (input, flow) => this.login(input, flow) };
  }

  /** Settings: registration options under the identity's passkey user handle (kept, or 64 random letters and digits
   * as Kratos makes them), named after the identity (none without a display name or webauthn identifier trait).
   * An aal1 login: discoverable options (a refresh: those allowing the session identity's passkeys). */
  async prepare(t: NodeTarget, _now?: Date): Promise<unknown> {
    // a registration: options for a new user handle, unnamed (webauthn.js names the key after the display-name trait)
    if (t.kind === 'registration') return beginRegistration(this.rp, t.flow.id, { handle: newUserHandle('passkey', randomHandle), name: '' }, [], SELECTION);
    if (t.kind === 'settings') {
      const name = passkeyDisplayName(t.schema, t.identity.traits);
      if (name === '') return undefined;
      const existing = keyCredential(t.credentials, 'passkey');
      const handle = existing?.config.user_handle || Buffer.from(randomHandle(), 'utf8').toString('base64url');
      return beginRegistration(this.rp, t.flow.id, { handle, name }, existing?.config.credentials ?? [], SELECTION);
    }
    if (t.kind === 'login' && t.flow.requestedAal === 'aal1') {
      if (!t.flow.refresh || !t.subject) return beginLogin(this.rp, t.flow.id, undefined, SELECTION.userVerification);
      const keys = keyCredential(t.subject.credentials, 'passkey')?.config.credentials ?? [];
      if (keys.length > 0) return beginLogin(this.rp, t.flow.id, keys, SELECTION.userVerification);
    }
    return undefined;
  }

  nodes(t: NodeTarget): UiNode[] {
    const browser = t.flow.type === 'browser';
    if (t.kind === 'settings') {
      const keys = keyCredential(t.credentials, 'passkey')?.config.credentials ?? [];
      const firstFactors = countFirstFactors(t.credentials);
      const state = stateOf<RegistrationState>(t.flow.internal, this.id, t.flow.id);
      return [
        ...(state && browser ? [webauthnScriptNode(this.options.publicBaseUrl)] : []),
        // the last way to sign in stays (shown disabled)
        ...removeKeyNodes('passkey', keys, () => firstFactors < 2),
        ...(state ? passkeyRegisterNodes(JSON.stringify(state.options), browser) : []),
      ];
    }
    if (t.kind === 'registration') {
      const state = stateOf<RegistrationState>(t.flow.internal, this.id, t.flow.id);
      return state ? passkeySignUpNodes(t.flow, state, passkeyDisplayNameField(t.schema), this.options.publicBaseUrl) : [];
    }
    if (t.kind === 'login' && t.flow.requestedAal === 'aal1') {
      const state = stateOf<LoginState>(t.flow.internal, this.id, t.flow.id);
      if (state) return passkeyLoginNodes(JSON.stringify(state.options), this.options.publicBaseUrl, browser, !t.flow.refresh);
    }
    return [];
  }

  /** `passkey_login`: the browser's assertion (JSON, as webauthn.js posts it), whose user handle names the identity. */
  private login(input: Record<string, unknown>, flow: LoginFlow): Submission<LoginCredential> {
    if (flow.requestedAal !== 'aal1') return { fields: [{ message: M.ErrorValidationLoginNoStrategyFound() }] };
    const response = parseAssertion(input.passkey_login);
    if (!response) return { fields: unparseable('passkey_login') };
    return { accepted: { authenticate: () => this.authenticate(response, flow) } };
  }

  private async authenticate(response: NonNullable<ReturnType<typeof parseAssertion>>, flow: LoginFlow): Promise<Authentication> {
    const handle = Buffer.from(response.response.userHandle ?? '', 'base64url');
    const owner = await this.options.owners.findByUserHandle(handle);
    if (!owner) return { method: 'passkey', passwordMatches: false, refused: [{ message: M.ErrorValidationSuchNoWebAuthnUser() }] };
    const identity = { id: owner.identityId, state: owner.state };
    const all = Array.isArray(owner.config.credentials) ? owner.config.credentials : [];
    // a webauthn credential signs in with its passwordless keys only
    const keys = owner.type === 'passkey' ? all : all.filter((k) => k.is_passwordless);
    const used = await assertKey(this.rp, stateOf<LoginState>(flow.internal, this.id, flow.id), response, keys, true);
    if (!used) return { identity, method: 'passkey', passwordMatches: false, refused: WRONG_KEY };
    const change = keyUsed(owner.type, { credentials: all, user_handle: owner.config.user_handle }, used, { identityId: owner.identityId, flowId: flow.id, now: this.clock() });
    return { identity, method: 'passkey', passwordMatches: true, used: change };
  }
}

const filled = (v: unknown) => typeof v === 'string' && v !== '';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Kratos's passkey user id: randx.MustString(64, randx.AlphaNum). */
function randomHandle(): string {
  let s = '';
  for (let i = 0; i < 64; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

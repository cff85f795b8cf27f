import { Messages as M, UiNode } from '@gatehouse/contracts';
import type { FlowsConfig } from '../../config.schema';
import type { LoginFlow } from '../../login/login.state';
import { NodeTarget, SecondFactorCredential, Strategy, Submission, Submits } from '../strategy';
import { LoginState, RegistrationState, beginLogin, beginRegistration, parseAssertion, stateOf } from './ceremony';
import { countFirstFactors, keyCredential, webauthnIdentifiers } from './credentials';
import { WRONG_KEY, assertKey, keyUsed, unparseable } from './key-login';
import { removeKeyNodes, webauthnLoginNodes, webauthnRegisterNodes } from './key-nodes';
import { keyRegistration, newUserHandle, webauthnSignUpNodes } from './key-registration';
import { keySettings } from './key-settings';
import { RelyingParty, relyingParty } from './relying-party';

export interface WebAuthnStrategyOptions {
  /** selfservice.methods.webauthn.config: `passwordless` and the relying party */
  config: FlowsConfig['selfservice']['methods']['webauthn']['config'];
  /** serve.public.base_url: the RP's defaults and where the script node loads webauthn.js from */
  publicBaseUrl: string;
}

/** Kratos's WebAuthnConfig selection (user verification discouraged), as for keys added in settings. */
const SIGN_UP_SELECTION = { residentKey: 'discouraged', userVerification: 'discouraged' } as const;

/** The `webauthn` method (kratos:selfservice/strategy/webauthn): security keys, a second factor (aal2), or with
 * `passwordless` keys registered as passwordless (they count as a first factor; signing in with them goes through
 * the passkey method's login, as Kratos's passkey strategy also finds webauthn keys by their user handle). Browser
 * flows only, as in Kratos. */
export class WebAuthnStrategy implements Strategy {
  readonly id = 'webauthn';
  readonly credentialType = 'webauthn';
  /** webauthn.js submits the form without a method; the remove buttons carry none either. */
  readonly claimsSettings = (input: Record<string, unknown>) => filled(input.webauthn_register) || filled(input.webauthn_remove);
  /** The same for an aal2 login: webauthn.js posts `webauthn_login` without a method (not in the Strategy
   * interface yet: Kratos's Login takes a submit with `webauthn_login` set or method=webauthn). */
  readonly claimsLogin = (input: Record<string, unknown>) => filled(input.webauthn_login);
  /** And a (passwordless) registration: webauthn.js posts `webauthn_register` without a method. */
  readonly claimsRegistration = (input: Record<string, unknown>) => this.options.config.passwordless && filled(input.webauthn_register);
  readonly submit: Pick<Submits, 'settings' | 'secondFactor'> & Partial<Pick<Submits, 'registration'>>;
  private readonly rp: RelyingParty;

  constructor(private readonly options: WebAuthnStrategyOptions) {
    this.rp = relyingParty(options.config.rp, options.publicBaseUrl);
    const settings = keySettings({
      type: 'webauthn',
      rp: this.rp,
      registerField: 'webauthn_register',
      removeField: 'webauthn_remove',
      removeFirst: false,
      browserOnly: true,
      requireUserVerification: false,
      isPasswordless: options.config.passwordless,
      displayName: (input) => (typeof input.webauthn_register_displayname === 'string' ? input.webauthn_register_displayname : ''),
      identifiers: (ctx) => webauthnIdentifiers(ctx.schema, ctx.identity.traits),
      removable: (key, firstFactors) => !(key.is_passwordless && firstFactors < 2),
      noSuchKey: 'You tried to remove a WebAuthn credential which does not exist.',
    });
    // signing up with a security key: only when keys are passwordless (Kratos's WebAuthnForPasswordless)
    const registration = options.config.passwordless
      ? keyRegistration({
          type: 'webauthn',
          rp: this.rp,
          registerField: 'webauthn_register',
          browserOnly: true,
          requireUserVerification: false,
          displayName: (input) => (typeof input.webauthn_register_displayname === 'string' ? input.webauthn_register_displayname : ''),
          identifiers: (subject) => (subject.registration ? webauthnIdentifiers(subject.registration.schema, subject.traits) : []),
        })
      : undefined;
    this.submit = { settings, secondFactor: (input, flow) => this.secondFactor(input, flow), ...(registration ? { registration } : {}) };
  }

  /** Settings: registration options for the identity's user handle (kept, or its id's 16 bytes as Kratos derives
   * it), its keys excluded. An aal2 login of an identity with second-factor keys: options allowing those keys. */
  async prepare(t: NodeTarget, _now?: Date): Promise<unknown> {
    if (t.kind === 'registration') {
      if (t.flow.type !== 'browser' || !this.options.config.passwordless) return undefined;
      return beginRegistration(this.rp, t.flow.id, { handle: newUserHandle('webauthn', () => ''), name: '' }, [], SIGN_UP_SELECTION);
    }
    if (t.kind === 'settings' && t.flow.type === 'browser') {
      const existing = keyCredential(t.credentials, 'webauthn');
      const handle = existing?.config.user_handle || Buffer.from(t.identity.id.replace(/-/g, ''), 'hex').toString('base64url');
      const user = { handle, name: this.rp.name };
      return beginRegistration(this.rp, t.flow.id, user, existing?.config.credentials ?? [], { residentKey: 'discouraged', userVerification: 'discouraged' });
    }
    if (t.kind === 'login') {
      const keys = this.secondFactorKeys(t.flow, t.subject?.credentials);
      if (keys.length > 0) return beginLogin(this.rp, t.flow.id, keys, 'discouraged');
    }
    return undefined;
  }

  nodes(t: NodeTarget): UiNode[] {
    if (t.kind === 'settings' && t.flow.type === 'browser') {
      const keys = keyCredential(t.credentials, 'webauthn')?.config.credentials ?? [];
      const firstFactors = countFirstFactors(t.credentials);
      const state = stateOf<RegistrationState>(t.flow.internal, this.id, t.flow.id);
      return [
        // a passwordless key that is the last way to sign in stays (shown disabled)
        ...removeKeyNodes('webauthn', keys, (k) => k.is_passwordless && firstFactors < 2),
        ...(state ? webauthnRegisterNodes(JSON.stringify(state.options), this.options.publicBaseUrl) : []),
      ];
    }
    if (t.kind === 'registration' && t.flow.type === 'browser' && this.options.config.passwordless) {
      const state = stateOf<RegistrationState>(t.flow.internal, this.id, t.flow.id);
      return state ? webauthnSignUpNodes(state, this.options.publicBaseUrl) : [];
    }
    if (t.kind === 'login') {
      const state = stateOf<LoginState>(t.flow.internal, this.id, t.flow.id);
      if (state && this.secondFactorKeys(t.flow, t.subject?.credentials).length > 0) return webauthnLoginNodes(JSON.stringify(state.options), this.options.publicBaseUrl);
    }
    return [];
  }

  /** The keys an aal2 browser login may use: the second-factor ones (all of them on a refresh); none when the method
   * is passwordless (Kratos's PopulateLoginMethodSecondFactor). */
  private secondFactorKeys(flow: LoginFlow, credentials: Parameters<typeof keyCredential>[0] | undefined) {
    if (flow.type !== 'browser' || flow.requestedAal !== 'aal2' || this.options.config.passwordless || !credentials) return [];
    const keys = keyCredential(credentials, 'webauthn')?.config.credentials ?? [];
    return flow.refresh ? keys : keys.filter((k) => !k.is_passwordless);
  }

  /** `webauthn_login`: the browser's assertion (JSON, as webauthn.js posts it), checked against the flow's challenge
   * and the identity's keys as read under its stream's lock; the key's new counter is what the login appends. */
  private secondFactor(input: Record<string, unknown>, flow: LoginFlow): Submission<SecondFactorCredential> {
    if (flow.type !== 'browser') return { fields: [{ message: M.ErrorValidationLoginNoStrategyFound() }] };
    const response = parseAssertion(input.webauthn_login);
    if (!response) return { fields: unparseable('webauthn_login') };
    return {
      accepted: {
        verify: async (credentials, ctx) => {
          const cred = keyCredential(credentials, 'webauthn');
          const keys = this.secondFactorKeys(ctx.flow, credentials);
          if (!cred || keys.length === 0) return { refused: [{ message: M.ErrorValidationNoWebAuthnDevice() }] };
          const userHandle = response.response.userHandle;
          if (userHandle && userHandle !== cred.config.user_handle) return { refused: WRONG_KEY };
          const state = stateOf<LoginState>(ctx.flow.internal, this.id, ctx.flow.id);
          const used = await assertKey(this.rp, state, response, keys, false);
          if (!used) return { refused: WRONG_KEY };
          return { used: keyUsed('webauthn', cred.config, used, { identityId: ctx.identityId, flowId: ctx.flow.id, now: ctx.now }) };
        },
      },
    };
  }
}

const filled = (v: unknown) => typeof v === 'string' && v !== '';

import type { IdentityView, UiText } from '@gatehouse/contracts';
import type { StoredFlow } from '../flow/flow.types';
import type { LoginFlow } from '../login/login.state';
import type { RecoveryFlow } from '../recovery/recovery.state';
import type { RegistrationFlow } from '../registration/registration.state';
import type { SessionRecord } from '../session/session.repository';
import type { IssuedSession } from '../session/session.service';
import type { SettingsFlow } from '../settings/settings.state';

/** Kratos's hook names (kratos:selfservice/hook/hooks.go). */
export type HookName = 'session' | 'show_verification_ui' | 'revoke_active_sessions' | 'require_verified_address';

/** One entry of `selfservice.flows.<flow>.after[.<method>].hooks`. */
export interface HookConfig {
  hook: HookName;
  config?: Record<string, unknown>;
}

/** A hook stopping a flow: the flow answers with these messages on its form (400 with the flow, as Kratos's
 * WriteFlowError). */
export interface HookRefusal {
  form: UiText[];
}

/** Kratos's continue_with entry naming the verification flow a registration opened. */
export interface ShowVerificationUi {
  action: 'show_verification_ui';
  flow: { id: string; verifiable_address: string; url: string };
}

/** What the after hooks of a registration see, and what they change. */
export interface RegistrationAfter {
  readonly flow: RegistrationFlow;
  readonly identity: IdentityView;
  /** The verification flow the registration opened, when it mailed a code. */
  readonly verification?: ShowVerificationUi;
  /** Before persisting: the registration's transaction issues a session (the `session` hook). */
  issueSession: boolean;
  /** After persisting: the session issued. */
  session?: IssuedSession;
  /** After persisting: where a browser goes next instead of the return URL (`show_verification_ui`). */
  browserNext?: string;
}

export interface LoginAfter {
  readonly flow: LoginFlow;
  /** The identity that logged in (the write side's copy, with its verifiable addresses). */
  readonly identity?: IdentityView;
  /** After persisting: the session the login issued or re-authenticated. */
  session?: SessionRecord;
}

export interface SettingsAfter {
  /** The flow after the change (its identity's credential changed). */
  readonly flow: SettingsFlow;
  /** The session the change was made with. */
  readonly sessionId: string;
}

export interface RecoveryAfter {
  readonly flow: RecoveryFlow;
  /** Before persisting: the recovery's transaction revokes every session of the identity before it issues the new one. */
  revokeSessions: boolean;
}

export interface AfterContexts {
  registration: RegistrationAfter;
  login: LoginAfter;
  settings: SettingsAfter;
  recovery: RecoveryAfter;
}

/** The flows that run after hooks. */
export type HookFlow = keyof AfterContexts;

/** What a hook does in one flow. A flow records its outcome in one transaction, so an after hook acts around it:
 * `prePersist` (Kratos's post-hook before the session or identity is stored) may refuse the outcome or ask the
 * writer to record more; `postPersist` acts once it is recorded (side effects, the answer). `before` is Kratos's
 * pre-hook (selfservice.flows.<flow>.before.hooks), run when a flow is created; none of the built-in hooks is one
 * (Kratos's only one is web_hook), so no flow runs it yet. */
export interface FlowHook<C> {
  before?(flow: StoredFlow): Promise<HookRefusal | undefined>;
  prePersist?(ctx: C): HookRefusal | undefined | Promise<HookRefusal | undefined>;
  postPersist?(ctx: C): void | Promise<void>;
}

/** One hook (Kratos's selfservice/hook/<name>.go): what it does in each flow it can run in, by flow (the TS form of
 * Kratos's `var _ login.PostHookExecutor = new(SessionDestroyer)`). */
export type Hook = { readonly name: HookName } & { readonly [K in HookFlow]?: FlowHook<AfterContexts[K]> };

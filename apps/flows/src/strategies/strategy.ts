import type { FactorType, IdentityView, UiNode, UiText } from '@gatehouse/contracts';
import type { Authentication } from '../login/login.authenticator';
import type { LoginFlow } from '../login/login.state';
import type { RecoveryFlow } from '../recovery/recovery.state';
import type { RegistrationFlow } from '../registration/registration.state';
import type { IdentitySchema } from '../schema/identity-schema';
import type { FieldError } from '../schema/traits-validator';
import type { SettingsFlow } from '../settings/settings.state';
import type { IssuedCode } from '../verification/verification-code';
import type { VerificationFlow } from '../verification/verification.state';

export type { FlowKind } from '../ui/flow-view';

/** Kratos's method names: the `method` a submit names and the node group of the strategy's nodes
 * (selfservice.methods.<id>.enabled switches it on or off). */
export type StrategyId = 'password' | 'code' | 'link' | 'profile' | 'totp' | 'lookup_secret' | 'webauthn' | 'passkey';

/** The credential types a strategy owns (identity `credentials.<type>`); code, link and profile own none here. */
export type CredentialType = 'password' | 'totp' | 'lookup_secret' | 'webauthn' | 'passkey';

/** An identity's credentials as the write side holds them, by type: identifiers and the secret config (see
 * identity/credential-configs.ts for each type's shape). Only strategies and the write side ever see a config. */
export type Credentials = Partial<Record<string, { identifiers: string[]; config: Record<string, unknown> }>>;

/** The identity a login flow is for when the request carries its session (an `aal=aal2` step-up or a refresh):
 * its second-factor nodes are drawn from its credentials. */
export interface LoginSubject {
  id: string;
  credentials: Credentials;
}

/** What a strategy draws the ui nodes it contributes from: a flow of one kind and what that kind's nodes need. */
export type NodeTarget =
  | { kind: 'login'; flow: LoginFlow; schema: IdentitySchema; subject?: LoginSubject }
  | { kind: 'registration'; flow: RegistrationFlow; schema: IdentitySchema }
  | { kind: 'settings'; flow: SettingsFlow; identity: IdentityView; credentials: Credentials; schema: IdentitySchema }
  | { kind: 'verification'; flow: VerificationFlow }
  | { kind: 'recovery'; flow: RecoveryFlow };

/** A submit as the strategy read it: what is wrong with it (messages on its nodes), or what it accepted. */
export type Submission<T> = { fields: FieldError[] } | { accepted: T };

/** The identity a new credential is for: its identifiers feed the policy (similarity check). */
export interface CredentialSubject {
  schemaId: string;
  traits: Record<string, unknown>;
  /** A registration submit: its flow (whose internal state holds a WebAuthn challenge), its identity schema and the
   * time of the submit. */
  registration?: { flow: RegistrationFlow; schema: IdentitySchema; now: Date };
}

/** What a new credential stores: its type, its identifiers (undefined: those the identity schema derives for the
 * type, as for the password) and its secret config, which the writer seals into IdentityRegistered. */
export interface NewCredentialConfig {
  type: CredentialType;
  identifiers?: string[];
  config: Record<string, unknown>;
}

/** A credential a registration submit carries, not yet judged or stored. */
export interface NewCredential {
  /** The first violation, on its node or the form (the password policy, which may throw
   * BreachCheckUnavailableError; a WebAuthn attestation that does not verify). */
  check(): Promise<FieldError | undefined>;
  /** What the credential stores once checked (the configured hasher's hash, the verified key). */
  configs(): Promise<NewCredentialConfig>;
}

/** A new password (registration and settings): the hash alone is what a password change stores. */
export interface NewPassword extends NewCredential {
  hash(): Promise<string>;
}

/** A login submit's credential: checked with the same work whether or not the identifier exists. */
export interface LoginCredential {
  authenticate(): Promise<Authentication>;
}

/** A change of one identity that a settings submit or a login records: events for the identity's stream (data
 * without secrets) and the credential configs it sets, which the writer seals into the first of them. */
export interface IdentityChange {
  events: Array<{ type: string; version: number; data: Record<string, unknown> }>;
  /** The configs it sets, by credential type (each replaces the type's config; a type the events remove needs none). */
  configs?: Record<string, Record<string, unknown>>;
  /** A mail to the identity's addresses about the change (when selfservice.flows.settings.security_notice is on). */
  notice?: { notice: 'password_changed' | 'factor_added' | 'factor_removed'; factor?: FactorType };
  /** profile only: whether the change touches identifiers or addresses, which needs a privileged session (every
   * other settings method always needs one). */
  protected?: boolean;
}

/** What a settings submit sees: the flow, the session's identity with its credentials (as of the request; the
 * writer appends at the stream version they were read at, so a concurrent change makes the submit fail, never lose). */
export interface SettingsContext {
  flow: SettingsFlow;
  identity: IdentityView;
  credentials: Credentials;
  schema: IdentitySchema;
  sessionId: string;
  now: Date;
}

/** What a strategy made of a settings submit: a refusal (messages on its nodes or the form: 400), a change to record
 * (the flow succeeds), or neither (the flow shows something new, such as lookup codes to confirm: 200). `internal`
 * replaces the strategy's state in the flow (null removes it), whatever the outcome. */
export interface SettingsResult {
  fields?: FieldError[];
  form?: UiText[];
  change?: IdentityChange;
  internal?: unknown;
}

/** A second factor submitted to an `aal=aal2` login flow. `verify` runs in the login's transaction, with the
 * identity's stream locked and its credentials read under that lock: what it returns as `used` is appended in the
 * same transaction, so a code can be spent once only, also across replicas. */
export interface SecondFactorCredential {
  verify(credentials: Credentials, ctx: { flow: LoginFlow; identityId: string; now: Date }): Promise<{ refused: FieldError[] } | { used: IdentityChange }>;
}

/** A verification or recovery submit: an address to send a secret to, or a secret to check. */
export type ChallengeInput = { address: string } | { secret: string };

export interface ChallengeMethod {
  read(input: Record<string, unknown>): Submission<ChallengeInput>;
  /** A new secret bound to the flow (its digest is stored, the sealed copy travels to the notifier), and its expiry. */
  issue(flowId: string, now: Date): { issued: IssuedCode; expiresAt: Date };
}

/** A strategy's submit handler per flow kind (Kratos's login.Strategy.Login, registration.Strategy.Register, …). */
export interface Submits {
  /** A first factor (aal1): password, passkey. */
  login(input: Record<string, unknown>, flow: LoginFlow): Submission<LoginCredential>;
  /** A second factor (aal2): totp, lookup_secret, webauthn. */
  secondFactor(input: Record<string, unknown>, flow: LoginFlow): Submission<SecondFactorCredential>;
  registration(input: Record<string, unknown>, subject: CredentialSubject): Submission<NewCredential>;
  settings(input: Record<string, unknown>, ctx: SettingsContext): Promise<SettingsResult>;
  verification: ChallengeMethod;
  recovery: ChallengeMethod;
}

/** One self-service method (Kratos's selfservice/strategy/<method>): the ui nodes it contributes to the flows it
 * serves, a submit handler for each of them, and the credential type it owns. Flows reach strategies through the
 * StrategyRegistry only. */
export interface Strategy {
  readonly id: StrategyId;
  readonly credentialType: CredentialType | null;
  /** Its nodes for a flow (group = its id, plus shared default-group inputs); none for kinds it does not serve.
   * Reads what prepare() left in `flow.internal[id]`. */
  nodes(target: NodeTarget): UiNode[];
  /** The state it keeps in a new flow (stored as `flow.internal[id]`), such as a WebAuthn challenge or a TOTP seed
   * to confirm; undefined for none. Called when a flow is created and after each submit of a flow it serves. */
  prepare?(target: NodeTarget, now: Date): Promise<unknown>;
  /** Whether a settings submit without a `method` is its (Kratos's strategies recognise their own buttons, such as
   * `totp_unlink` or `lookup_secret_regenerate`, which carry no method). */
  claimsSettings?(input: Record<string, unknown>): boolean;
  /** The same for a login submit (webauthn.js posts `webauthn_login` or `passkey_login` without a method). */
  claimsLogin?(input: Record<string, unknown>): boolean;
  /** The same for a registration submit (webauthn.js posts `passkey_register` or `webauthn_register` without one). */
  claimsRegistration?(input: Record<string, unknown>): boolean;
  /** The flow kinds it serves are the keys present. */
  readonly submit: Partial<Submits>;
}

/** A strategy known to serve flow kind K. */
export type StrategyFor<K extends SubmitKind> = Strategy & { readonly submit: Pick<Submits, K> };

/** The submits a strategy can serve: a flow kind, or a login flow's second factor. */
export type SubmitKind = keyof Submits;

import type { IdentityView, UiNode } from '@gatehouse/contracts';
import type { Authentication } from '../login/login.authenticator';
import type { LoginFlow } from '../login/login.state';
import type { RecoveryFlow } from '../recovery/recovery.state';
import type { RegistrationFlow } from '../registration/registration.state';
import type { IdentitySchema } from '../schema/identity-schema';
import type { FieldError } from '../schema/traits-validator';
import type { SettingsFlow } from '../settings/settings.state';
import type { FlowKind } from '../ui/flow-view';
import type { IssuedCode } from '../verification/verification-code';
import type { VerificationFlow } from '../verification/verification.state';

export type { FlowKind } from '../ui/flow-view';

/** Kratos's method names: the `method` a submit names and the node group of the strategy's nodes
 * (selfservice.methods.<id>.enabled switches it on or off). */
export type StrategyId = 'password' | 'code' | 'link';

/** The credential types a strategy owns (identity `credentials.<type>`); code and link own none here. */
export type CredentialType = 'password';

/** What a strategy draws the ui nodes it contributes from: a flow of one kind and what that kind's nodes need. */
export type NodeTarget =
  | { kind: 'login'; flow: LoginFlow; schema: IdentitySchema }
  | { kind: 'registration'; flow: RegistrationFlow; schema: IdentitySchema }
  | { kind: 'settings'; flow: SettingsFlow; identity: IdentityView }
  | { kind: 'verification'; flow: VerificationFlow }
  | { kind: 'recovery'; flow: RecoveryFlow };

/** A submit as the strategy read it: what is wrong with it (messages on its nodes), or what it accepted. */
export type Submission<T> = { fields: FieldError[] } | { accepted: T };

/** The identity a new credential is for: its identifiers feed the policy (similarity check). */
export interface CredentialSubject {
  schemaId: string;
  traits: Record<string, unknown>;
}

/** A credential a registration or settings submit carries, not yet judged or stored. */
export interface NewCredential {
  /** The first policy violation, on its node (may throw BreachCheckUnavailableError). */
  check(): Promise<FieldError | undefined>;
  /** What the credential stores (the configured hasher's hash). */
  hash(): Promise<string>;
}

/** A login submit's credential: checked with the same work whether or not the identifier exists. */
export interface LoginCredential {
  authenticate(): Promise<Authentication>;
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
  login(input: Record<string, unknown>): Submission<LoginCredential>;
  registration(input: Record<string, unknown>, subject: CredentialSubject): Submission<NewCredential>;
  settings(input: Record<string, unknown>, subject: CredentialSubject): Submission<NewCredential>;
  verification: ChallengeMethod;
  recovery: ChallengeMethod;
}

/** One self-service method (Kratos's selfservice/strategy/<method>): the ui nodes it contributes to the flows it
 * serves, a submit handler for each of them, and the credential type it owns. Flows reach strategies through the
 * StrategyRegistry only. */
export interface Strategy {
  readonly id: StrategyId;
  readonly credentialType: CredentialType | null;
  /** Its nodes for a flow (group = its id, plus shared default-group inputs); none for kinds it does not serve. */
  nodes(target: NodeTarget): UiNode[];
  /** The flow kinds it serves are the keys present. */
  readonly submit: Partial<Submits>;
}

/** A strategy known to serve flow kind K. */
export type StrategyFor<K extends FlowKind> = Strategy & { readonly submit: Pick<Submits, K> };

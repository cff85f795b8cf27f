import type { UiText } from '@gatehouse/contracts';

/** The self-service flows that keep a flow between requests (logout has none: it is one request with a token). */
export type FlowKind = 'registration' | 'login' | 'verification' | 'recovery' | 'settings';

/** Kratos's flow types: `api` for native apps, `browser` for browsers and SPAs (cookies and CSRF). */
export type FlowType = 'api' | 'browser';

/** What a flow shows after a failed submit: the values entered (never secrets) and the messages. Persisted, so
 * that a browser redirected back to the UI fetches the flow with them. */
export interface FlowUi {
  values?: Record<string, unknown>;
  fields?: Array<{ node?: string; message: UiText }>;
  form?: UiText[];
}

/** What every self-service flow has; each kind adds its own fields (`LoginFlow` in login/login.state.ts, …). */
export interface StoredFlow {
  id: string;
  type: FlowType;
  schemaId: string;
  issuedAt: string;
  expiresAt: string;
  requestUrl: string;
  returnTo?: string;
  state: string;
  identityId?: string;
  /** Browser flows: HMAC of the CSRF cookie's token of the browser that created the flow. */
  csrfDigest?: string;
  ui?: FlowUi;
  /** What the flow's strategies keep between requests, by strategy id (a WebAuthn challenge, a TOTP seed not yet
   * confirmed: secrets sealed with FlowSecrets). Never shown. */
  internal?: Record<string, unknown>;
}

/** A flow that sends a one-time secret and takes it back (verification, recovery): choose_method → sent_email →
 * passed_challenge. */
export interface ChallengeFlow extends StoredFlow {
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
  /** Wrong codes or tokens submitted so far (a column, counted atomically). */
  failedSubmissions?: number;
}

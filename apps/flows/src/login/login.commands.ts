/** A first-factor login attempt (password, passkey), with everything already looked up and verified (time and ids
 * passed in). */
export interface SubmitPasswordLogin {
  type: 'SubmitPasswordLogin';
  now: Date;
  flowId: string;
  /** The identity the identifier belongs to, if any. */
  identity?: { id: string; state: 'active' | 'inactive' };
  /** Whether the password matched that identity's hash (false when there is no identity). */
  passwordMatches: boolean;
  /** The id a new session gets. */
  sessionId: string;
  /** The first factor that authenticated (default password). */
  method?: 'password' | 'passkey';
  /** On a refresh flow: the active session the request carries (re-authenticated when it is the same identity's). */
  refreshing?: { sessionId: string; identityId: string };
}

/** A second factor submitted to an aal2 flow by the session it is to raise, verified under the identity's stream
 * lock (`verified`). */
export interface SubmitSecondFactor {
  type: 'SubmitSecondFactor';
  now: Date;
  flowId: string;
  identityId: string;
  /** The session the flow raises to aal2. */
  sessionId: string;
  method: string;
  verified: boolean;
}

export type LoginCommand = SubmitPasswordLogin | SubmitSecondFactor;

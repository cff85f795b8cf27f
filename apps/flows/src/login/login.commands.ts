/** A password login attempt, with everything already looked up and verified (time and ids passed in). */
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
  /** On a refresh flow: the active session the request carries (re-authenticated when it is the same identity's). */
  refreshing?: { sessionId: string; identityId: string };
}

export type LoginCommand = SubmitPasswordLogin;

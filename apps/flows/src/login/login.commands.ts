/** A password login attempt, with everything already looked up and verified (time and ids passed in). */
export interface SubmitPasswordLogin {
  type: 'SubmitPasswordLogin';
  now: Date;
  flowId: string;
  /** The identity the identifier belongs to, if any. */
  identity?: { id: string; state: 'active' | 'inactive' };
  /** Whether the password matched that identity's hash (false when there is no identity). */
  passwordMatches: boolean;
  /** The id the new session gets (or the refreshed session's id). */
  sessionId: string;
  /** On a refresh login: the identity of the session being re-authenticated. */
  refreshingIdentityId?: string;
}

export type LoginCommand = SubmitPasswordLogin;

import { SessionRecord } from '../session/session.repository';
import { SessionService } from '../session/session.service';
import { LoginAfter, RecoveryAfter, SettingsAfter } from './hook';
import { RevokeActiveSessionsHook } from './revoke-active-sessions.hook';

const IDENTITY = 'identity-1';

function hook(active: string[]) {
  const revoked: Array<{ identityId: string; ids: string[]; reason: string }> = [];
  const sessions = {
    listActive: async (identityId: string) => (identityId === IDENTITY ? active.map((id) => ({ id, identityId })) : []),
    revoke: async (identityId: string, ids: string[], reason: string) => (revoked.push({ identityId, ids, reason }), ids.length),
  } as unknown as SessionService;
  return { hook: new RevokeActiveSessionsHook(sessions), revoked };
}

describe('the revoke_active_sessions hook', () => {
  it("after a login: revokes the identity's other sessions, not the one it signed in with (reason login)", async () => {
    const { hook: h, revoked } = hook(['old-1', 'new', 'old-2']);
    await h.login.postPersist!({ flow: {}, session: { id: 'new', identityId: IDENTITY } as SessionRecord } as LoginAfter);
    expect(revoked).toEqual([{ identityId: IDENTITY, ids: ['old-1', 'old-2'], reason: 'login' }]);
  });

  it('after a password change: revokes all but the session the change was made with (reason settings)', async () => {
    const { hook: h, revoked } = hook(['current', 'other']);
    await h.settings.postPersist!({ flow: { identityId: IDENTITY }, sessionId: 'current' } as SettingsAfter);
    expect(revoked).toEqual([{ identityId: IDENTITY, ids: ['other'], reason: 'settings' }]);
  });

  it('revokes nothing when no other session is active', async () => {
    const { hook: h, revoked } = hook(['only']);
    await h.login.postPersist!({ flow: {}, session: { id: 'only', identityId: IDENTITY } as SessionRecord } as LoginAfter);
    expect(revoked).toEqual([]);
  });

  it("in a recovery: asks the recovery's transaction to revoke them before it issues the new session", async () => {
    const ctx = { flow: {}, revokeSessions: false } as RecoveryAfter;
    expect(await hook([]).hook.recovery.prePersist!(ctx)).toBeUndefined();
    expect(ctx.revokeSessions).toBe(true);
  });
});

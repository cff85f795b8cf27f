import { z } from 'zod';

/** SessionRevoked v1: a session stopped working (logout, revoked by its owner or by an administrator). */
export const name = 'SessionRevoked';
export const version = 1;
export const ceType = 'sh.gatehouse.session.revoked.v1';

export const schema = z
  .object({
    session_id: z.uuid(),
    identity_id: z.uuid(),
    /** recovery: revoked because the identity recovered its account; revoked_by_admin: the admin API deactivated it
     * (DELETE /admin/sessions/{id} or /admin/identities/{id}/sessions). Both added compatibly in v1.
     * login, settings: the `revoke_active_sessions` hook of that flow ended the identity's other sessions after a
     * login or a password change (added compatibly in v1). */
    reason: z.enum(['logout', 'revoked_by_owner', 'recovery', 'revoked_by_admin', 'login', 'settings']),
    revoked_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

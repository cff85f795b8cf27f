import { z } from 'zod';

/** SessionIssued v1: a session began (login, registration with the session hook), was re-authenticated, or an
 * administrator extended it (same id, same tokens and authentication; only `expires_at` moves).
 * Never carries the session token or its hash. */
export const name = 'SessionIssued';
export const version = 1;
export const ceType = 'sh.gatehouse.session.issued.v1';

export const schema = z
  .object({
    session_id: z.uuid(),
    identity_id: z.uuid(),
    /** login | registration | refresh | recovery (a privileged session after a recovery code or link) | extend
     * (PATCH /admin/sessions/{id}/extend); recovery and extend were added compatibly in v1 */
    reason: z.enum(['login', 'registration', 'refresh', 'recovery', 'extend']),
    authenticator_assurance_level: z.enum(['aal0', 'aal1', 'aal2', 'aal3']),
    authentication_methods: z.array(z.object({ method: z.string(), aal: z.enum(['aal1', 'aal2']), completed_at: z.iso.datetime({ offset: true }) }).strict()),
    issued_at: z.iso.datetime({ offset: true }),
    authenticated_at: z.iso.datetime({ offset: true }),
    expires_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

import { z } from 'zod';
import { schema as issued } from '../session-issued/v1';

/** SessionAalRaised v1: a login flow at `aal=aal2` completed a second factor on an existing session: the session
 * (same id and tokens) now holds that method too and its authenticator assurance level is raised. Carries the
 * session as it is afterwards, as SessionIssued does. */
export const name = 'SessionAalRaised';
export const version = 1;
export const ceType = 'sh.gatehouse.session.aal_raised.v1';

export const schema = issued
  .omit({ reason: true })
  .extend({
    /** the method that raised it (totp, lookup_secret, webauthn) */
    method: z.string().min(1),
    previous_aal: z.enum(['aal0', 'aal1', 'aal2', 'aal3']),
  })
  .strict();

export type Data = z.infer<typeof schema>;

import { z } from 'zod';
import { actorSchema } from '../admin-change';

/** IdentityStateChanged v1: an identity was deactivated or activated again. An inactive identity cannot log
 * in and its sessions stop working at once. */
export const name = 'IdentityStateChanged';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.state_changed.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    state: z.enum(['active', 'inactive']),
    previous_state: z.enum(['active', 'inactive']),
    actor: actorSchema,
  })
  .strict();

export type Data = z.infer<typeof schema>;

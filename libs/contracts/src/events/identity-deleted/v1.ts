import { z } from 'zod';
import { actorSchema } from '../admin-change';

/** IdentityDeleted v1: the admin API deleted an identity; its identifiers are free again and its sessions
 * stopped working. Its earlier events stay in the store (the history). */
export const name = 'IdentityDeleted';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.deleted.v1';

export const schema = z.object({ identity_id: z.uuid(), actor: actorSchema }).strict();

export type Data = z.infer<typeof schema>;

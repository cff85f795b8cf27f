import { z } from 'zod';
import { actorSchema } from '../admin-change';

/** IdentitiesImported v1: one batch of PATCH /admin/identities was recorded. Each created identity has its own
 * IdentityCreated (with this `import_id`) in its own stream; this summary is in the stream `import:<import_id>`,
 * keyed and subjected by the import id. */
export const name = 'IdentitiesImported';
export const version = 1;
export const ceType = 'sh.gatehouse.identities.imported.v1';

export const schema = z
  .object({
    import_id: z.uuid(),
    identity_ids: z.array(z.uuid()).max(1000),
    /** Items of the request refused with a per-item error (nothing recorded for them). */
    failed: z.number().int().nonnegative(),
    actor: actorSchema,
  })
  .strict();

export type Data = z.infer<typeof schema>;

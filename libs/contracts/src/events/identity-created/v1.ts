import { z } from 'zod';
import { actorSchema, identitySnapshotShape } from '../admin-change';

/** IdentityCreated v1: an identity was created through the admin API (POST /admin/identities) or a batch
 * import (PATCH /admin/identities, then `import_id` names the batch). Never carries a password or its hash. */
export const name = 'IdentityCreated';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.created.v1';

export const schema = z
  .object({
    ...identitySnapshotShape,
    state: z.enum(['active', 'inactive']),
    actor: actorSchema,
    import_id: z.uuid().optional(),
  })
  .strict();

export type Data = z.infer<typeof schema>;

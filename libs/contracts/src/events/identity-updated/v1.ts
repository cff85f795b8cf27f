import { z } from 'zod';
import { actorSchema, identitySnapshotShape } from '../admin-change';

/** IdentityUpdated v1: the admin API changed an identity (PUT or JSON Patch). Carries the identity as it is
 * now (state aside: a state change is IdentityStateChanged) and which top-level fields changed
 * (`traits`, `schema_id`, `metadata_public`, `metadata_admin`, `external_id`, `verifiable_addresses`,
 * `recovery_addresses`, `credentials.<type>`). Never carries a password or its hash. */
export const name = 'IdentityUpdated';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.updated.v1';

export const schema = z
  .object({
    ...identitySnapshotShape,
    changed: z.array(z.string().min(1)).min(1),
    actor: actorSchema,
  })
  .strict();

export type Data = z.infer<typeof schema>;

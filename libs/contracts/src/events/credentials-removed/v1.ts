import { z } from 'zod';
import { actorSchema } from '../admin-change';

/** CredentialsRemoved v1: DELETE /admin/identities/{id}/credentials/{type}. `identifiers` were removed;
 * `remaining_identifiers` stay (an OIDC credential keeps its other providers); none left = the credential is gone. */
export const name = 'CredentialsRemoved';
export const version = 1;
export const ceType = 'sh.gatehouse.credentials.removed.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    type: z.string().min(1),
    identifiers: z.array(z.string()),
    remaining_identifiers: z.array(z.string()),
    actor: actorSchema,
  })
  .strict();

export type Data = z.infer<typeof schema>;

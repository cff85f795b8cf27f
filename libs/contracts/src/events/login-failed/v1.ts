import { z } from 'zod';

/** LoginFailed v1: a login attempt was refused. The attempted identifier is not recorded (privacy);
 * identity_id is set only when the identifier belongs to an identity. */
export const name = 'LoginFailed';
export const version = 1;
export const ceType = 'sh.gatehouse.login.failed.v1';

export const schema = z
  .object({
    flow_id: z.uuid(),
    identity_id: z.uuid().optional(),
    method: z.string(),
    reason: z.enum(['invalid_credentials', 'identity_inactive']),
  })
  .strict();

export type Data = z.infer<typeof schema>;

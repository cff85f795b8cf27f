import { z } from 'zod';

/** LoginSucceeded v1: a login flow authenticated an identity. */
export const name = 'LoginSucceeded';
export const version = 1;
export const ceType = 'sh.gatehouse.login.succeeded.v1';

export const schema = z
  .object({
    flow_id: z.uuid(),
    identity_id: z.uuid(),
    session_id: z.uuid(),
    method: z.string(),
    refresh: z.boolean(),
  })
  .strict();

export type Data = z.infer<typeof schema>;

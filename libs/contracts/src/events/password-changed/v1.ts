import { z } from 'zod';

/** PasswordChanged v1: the password credential of an identity was replaced through a settings flow (for
 * example right after a recovery). Never carries the password or its hash. */
export const name = 'PasswordChanged';
export const version = 1;
export const ceType = 'sh.gatehouse.password.changed.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    /** The settings flow that changed it. */
    flow_id: z.uuid(),
    /** The session that was used (a privileged one). */
    session_id: z.uuid(),
    changed_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

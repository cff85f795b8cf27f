import { z } from 'zod';

/** PasswordHashUpgraded v1: after a successful login, the stored password hash was replaced by one of the
 * configured hasher (an imported bcrypt or legacy hash becomes argon2id, for example). The password itself did not
 * change. Never carries the password or a hash: the new hash stays sealed in the event store. */
export const name = 'PasswordHashUpgraded';
export const version = 1;
export const ceType = 'sh.gatehouse.password.hash_upgraded.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    /** The login flow whose successful password check upgraded it. */
    flow_id: z.uuid(),
    upgraded_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

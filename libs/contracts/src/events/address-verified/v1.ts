import { z } from 'zod';

/** AddressVerified v1: the owner of a verifiable address proved control of it (a code or a link of a
 * verification flow). The address becomes `verified: true`, `status: "completed"`, `verified_at`. */
export const name = 'AddressVerified';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.address-verified.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    address_id: z.uuid(),
    address: z.string().min(1),
    via: z.enum(['email', 'sms']),
    /** The verification flow that proved it. */
    flow_id: z.uuid(),
    method: z.enum(['code', 'link']),
    verified_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

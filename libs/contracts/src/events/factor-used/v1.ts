import { z } from 'zod';
import { factorKeySchema, factorTypeSchema } from '../factors';

/** FactorUsed v1: a login flow accepted a factor that changes its credential when used: a TOTP code (the time
 * step it belongs to is spent: no code of that step or an earlier one is accepted again), a lookup secret (used up),
 * a WebAuthn key or passkey (its signature counter). The code itself never travels. */
export const name = 'FactorUsed';
export const version = 1;
export const ceType = 'sh.gatehouse.factor.used.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    type: factorTypeSchema,
    flow_id: z.uuid(),
    key: factorKeySchema.optional(),
    /** lookup_secret: how many unused codes are left */
    remaining_codes: z.number().int().nonnegative().optional(),
    used_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

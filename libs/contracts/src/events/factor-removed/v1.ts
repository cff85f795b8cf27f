import { z } from 'zod';
import { factorKeySchema, factorTypeSchema } from '../factors';

/** FactorRemoved v1: a settings flow unlinked the TOTP app, disabled the lookup secrets or removed a WebAuthn key
 * or passkey. `remaining_identifiers` stay (other keys of the same type); none left = the credential is gone. */
export const name = 'FactorRemoved';
export const version = 1;
export const ceType = 'sh.gatehouse.factor.removed.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    type: factorTypeSchema,
    flow_id: z.uuid(),
    session_id: z.uuid(),
    remaining_identifiers: z.array(z.string()),
    key: factorKeySchema.optional(),
    removed_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

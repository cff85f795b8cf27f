import { z } from 'zod';
import { factorKeySchema, factorTypeSchema } from '../factors';

/** FactorAdded v1: a settings flow set up a TOTP app, lookup secrets (recovery codes), a WebAuthn key or a passkey.
 * `identifiers` are the credential's identifiers afterwards. The seed, the codes and the keys travel sealed in the
 * event store only, never here. */
export const name = 'FactorAdded';
export const version = 1;
export const ceType = 'sh.gatehouse.factor.added.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    type: factorTypeSchema,
    flow_id: z.uuid(),
    session_id: z.uuid(),
    identifiers: z.array(z.string()),
    /** webauthn and passkey: the key added */
    key: factorKeySchema.optional(),
    added_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

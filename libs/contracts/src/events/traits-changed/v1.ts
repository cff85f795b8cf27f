import { z } from 'zod';
import { recoveryAddressSchema, verifiableAddressSchema } from '../admin-change';

/** TraitsChanged v1: a person changed their traits through a settings flow (the `profile` method). Carries the
 * traits, the addresses and the credential identifiers as they are now (an address whose value changed is a new,
 * unverified one). Never carries a secret. */
export const name = 'TraitsChanged';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.traits_changed.v1';

export const schema = z
  .object({
    identity_id: z.uuid(),
    flow_id: z.uuid(),
    session_id: z.uuid(),
    schema_id: z.string().min(1),
    traits: z.record(z.string(), z.unknown()),
    verifiable_addresses: z.array(verifiableAddressSchema),
    recovery_addresses: z.array(recoveryAddressSchema),
    /** The identifiers of each credential type the traits feed (password: the identifier traits). */
    identifiers: z.record(z.string().min(1), z.array(z.string())),
    changed_at: z.iso.datetime({ offset: true }),
  })
  .strict();

export type Data = z.infer<typeof schema>;

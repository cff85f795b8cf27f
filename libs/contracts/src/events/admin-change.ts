import { z } from 'zod';

/** Who made an admin change. The admin API has no login of its own (it is reachable only on the admin
 * port, as Kratos's); `id` is what the caller put in the X-Gatehouse-Actor header, if anything. */
export const actorSchema = z.object({ type: z.enum(['admin', 'identity', 'system']), id: z.string().min(1).max(256).optional() }).strict();
export type Actor = z.infer<typeof actorSchema>;

/** A verifiable address as the admin API sets it (import may bring verified addresses). */
export const verifiableAddressSchema = z
  .object({
    id: z.uuid(),
    value: z.string().min(1),
    via: z.enum(['email', 'sms']),
    verified: z.boolean(),
    status: z.enum(['pending', 'sent', 'completed']),
    verified_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict();

export const recoveryAddressSchema = z.object({ id: z.uuid(), value: z.string().min(1), via: z.enum(['email', 'sms']) }).strict();

/** Credential metadata by type (password, oidc, …): identifiers and version only, never a hash or a secret. */
export const credentialsMetaSchema = z.record(z.string().min(1), z.object({ identifiers: z.array(z.string()), version: z.number().int().nonnegative() }).strict());

/** The identity as an admin change leaves it (everything but state, which IdentityStateChanged carries). */
export const identitySnapshotShape = {
  identity_id: z.uuid(),
  schema_id: z.string().min(1),
  traits: z.record(z.string(), z.unknown()),
  metadata_public: z.unknown().nullable(),
  metadata_admin: z.unknown().nullable(),
  external_id: z.string().min(1).optional(),
  verifiable_addresses: z.array(verifiableAddressSchema),
  recovery_addresses: z.array(recoveryAddressSchema),
  credentials: credentialsMetaSchema,
};

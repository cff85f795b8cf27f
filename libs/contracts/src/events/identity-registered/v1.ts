import { z } from 'zod';

/** IdentityRegistered v1: a person signed up through a self-service registration flow, with a password, a passkey or
 * a passwordless WebAuthn key. `credentials` names the credential types the identity starts with and their
 * identifiers (a key registration keeps the schema's password identifiers, without a password, as Kratos does).
 * Never carries the password, its hash or a key: those travel sealed in the event store only. A verification code
 * travels sealed (see crypto/sealed-code.ts). */
export const name = 'IdentityRegistered';
export const version = 1;
export const ceType = 'sh.gatehouse.identity.registered.v1';

const identifiers = z.object({ identifiers: z.array(z.string()) }).strict();

const address = z.object({ id: z.uuid(), value: z.string().min(1), via: z.enum(['email', 'sms']) });

export const schema = z
  .object({
    identity_id: z.uuid(),
    flow_id: z.uuid(),
    schema_id: z.string().min(1),
    state: z.enum(['active', 'inactive']),
    traits: z.record(z.string(), z.unknown()),
    verifiable_addresses: z.array(address),
    recovery_addresses: z.array(address),
    /** password: the schema's password identifiers; passkey: the key's user handle; webauthn: the schema's webauthn
     * identifiers. Each is optional (v1 events before passkey registration always carry `password`). */
    credentials: z.object({ password: identifiers.optional(), webauthn: identifiers.optional(), passkey: identifiers.optional() }).strict(),
    verification: z
      .object({
        /** The verification flow the code belongs to; the mail's link names it. */
        flow_id: z.uuid(),
        address_id: z.uuid(),
        address: z.string().min(1),
        via: z.enum(['email', 'sms']),
        sealed_code: z.string().min(1),
        expires_at: z.iso.datetime({ offset: true }),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Data = z.infer<typeof schema>;

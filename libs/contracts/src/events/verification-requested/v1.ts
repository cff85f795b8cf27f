import { z } from 'zod';

/** VerificationRequested v1: a verification flow sent a one-time code (method `code`) or a link token (method
 * `link`) to a known verifiable address. The secret travels sealed (AES-256-GCM under secrets.cipher, see
 * crypto/sealed-code.ts) and only the notifier opens it; Postgres keeps an HMAC digest. A request for an
 * unknown address records no event. */
export const name = 'VerificationRequested';
export const version = 1;
export const ceType = 'sh.gatehouse.verification.requested.v1';

const common = {
  /** The verification flow the code or token belongs to; the mail's link names it. */
  flow_id: z.uuid(),
  identity_id: z.uuid(),
  address_id: z.uuid(),
  address: z.string().min(1),
  via: z.enum(['email', 'sms']),
  expires_at: z.iso.datetime({ offset: true }),
};

export const schema = z.discriminatedUnion('method', [
  z.object({ ...common, method: z.literal('code'), sealed_code: z.string().min(1) }).strict(),
  z.object({ ...common, method: z.literal('link'), sealed_token: z.string().min(1) }).strict(),
]);

export type Data = z.infer<typeof schema>;

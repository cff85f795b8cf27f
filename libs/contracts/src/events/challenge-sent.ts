import { z } from 'zod';

/** The data of an event that sent a one-time secret to an address (VerificationRequested, RecoveryRequested):
 * a code (method `code`) or a link token (method `link`), sealed under secrets.cipher (crypto/sealed-code.ts);
 * only the notifier opens it, and Postgres keeps an HMAC digest. */
export function challengeSentSchema() {
  const common = {
    /** The flow the code or token belongs to; the mail's link names it. */
    flow_id: z.uuid(),
    identity_id: z.uuid(),
    address_id: z.uuid(),
    address: z.string().min(1),
    via: z.enum(['email', 'sms']),
    expires_at: z.iso.datetime({ offset: true }),
  };
  return z.discriminatedUnion('method', [
    z.object({ ...common, method: z.literal('code'), sealed_code: z.string().min(1) }).strict(),
    z.object({ ...common, method: z.literal('link'), sealed_token: z.string().min(1) }).strict(),
  ]);
}

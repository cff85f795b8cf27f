import { z } from 'zod';

/** RecoveryRequested v1: a recovery flow sent a one-time code (method `code`) or a link token (method `link`) to
 * a known recovery address. As with VerificationRequested, the secret travels sealed (AES-256-GCM under
 * secrets.cipher) and only the notifier opens it; Postgres keeps an HMAC digest bound to the flow. A request
 * for an unknown address records no event. */
export const name = 'RecoveryRequested';
export const version = 1;
export const ceType = 'sh.gatehouse.recovery.requested.v1';

const common = {
  /** The recovery flow the code or token belongs to; the mail's link names it. */
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

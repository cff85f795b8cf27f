import { z } from 'zod';
import { challengeSentSchema } from '../challenge-sent';

/** VerificationRequested v1: a verification flow sent a one-time code (method `code`) or a link token (method
 * `link`) to a known verifiable address. The secret travels sealed (AES-256-GCM under secrets.cipher, see
 * crypto/sealed-code.ts) and only the notifier opens it; Postgres keeps an HMAC digest. A request for an
 * unknown address records no event. */
export const name = 'VerificationRequested';
export const version = 1;
export const ceType = 'sh.gatehouse.verification.requested.v1';

export const schema = challengeSentSchema();

export type Data = z.infer<typeof schema>;

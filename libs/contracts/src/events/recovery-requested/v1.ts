import { z } from 'zod';
import { challengeSentSchema } from '../challenge-sent';

/** RecoveryRequested v1: a recovery flow sent a one-time code (method `code`) or a link token (method `link`) to
 * a known recovery address. As with VerificationRequested, the secret travels sealed (AES-256-GCM under
 * secrets.cipher) and only the notifier opens it; Postgres keeps an HMAC digest bound to the flow. A request
 * for an unknown address records no event. */
export const name = 'RecoveryRequested';
export const version = 1;
export const ceType = 'sh.gatehouse.recovery.requested.v1';

export const schema = challengeSentSchema();

export type Data = z.infer<typeof schema>;

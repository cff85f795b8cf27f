import { z } from 'zod';

/** The credential types a person adds or removes in settings beside the password (Kratos's methods of the same
 * names): second factors (totp, lookup_secret, webauthn) and passkeys (a passwordless first factor). */
export const factorTypeSchema = z.enum(['totp', 'lookup_secret', 'webauthn', 'passkey']);
export type FactorType = z.infer<typeof factorTypeSchema>;

/** One WebAuthn or passkey key: its credential id (base64url) and the name its owner gave it. */
export const factorKeySchema = z.object({ id: z.string().min(1), display_name: z.string() }).strict();

import { Actor, actorSchema } from '@gatehouse/contracts';

/** Words of a key (`sealed_code`, `hashedPassword`, `api-token`) that mark its value as a secret or derived from one
 * (a password, a hash, a session or link token, a sealed code, a code digest, a cipher text): such values are
 * dropped, unless the value is an object (`credentials.password` holds identifiers only), whose own keys are checked
 * in turn. Whole words only, so `postal_code` or `footprint` stay. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'hash', 'hashed', 'secret', 'secrets', 'token', 'tokens', 'sealed', 'digest', 'cipher', 'private', 'otp', 'totp', 'salt']);
/** Keys that are secrets on their own (a one-time code, a key). */
const SECRET_ALONE = new Set(['code', 'key', 'pin']);

function secretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return (words.length === 1 && SECRET_ALONE.has(words[0])) || words.some((w) => SECRET_WORDS.has(w));
}
/** Keys dropped whatever they hold (a credential's configuration). */
const CONFIG_KEY = /^(config|configuration)$/i;

/** Values that look like secrets whatever their key: password hashes (PHC/MCF, LDAP), Gatehouse's tokens and
 * sealed codes. */
const SECRET_VALUE = [
  /^\$(argon2(id|i|d)?|2[abxy]?|pbkdf2(-[a-z0-9]+)?|scrypt|firescrypt|sha(1|256|512)(-crypt)?|md5(-crypt)?|hmac-[a-z0-9]+)\$/i,
  /^\{S?SHA(256|512)?\}/i,
  /^ory_[a-z]{2}_[A-Za-z0-9]{16,}$/,
  /^v1\.\d+\.[A-Za-z0-9_-]{16,}$/,
];

const secretValue = (v: unknown): boolean => typeof v === 'string' && SECRET_VALUE.some((re) => re.test(v));

/** An event's data for the audit history: the same JSON without anything secret-looking (keys and values). */
export function redactEventData(data: unknown): unknown {
  if (Array.isArray(data)) return data.filter((v) => !secretValue(v)).map(redactEventData);
  if (data === null || typeof data !== 'object') return secretValue(data) ? undefined : data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const object = value !== null && typeof value === 'object' && !Array.isArray(value);
    if (CONFIG_KEY.test(key) || (secretKey(key) && !object) || secretValue(value)) continue;
    out[key] = redactEventData(value);
  }
  return out;
}

/** Who caused an event: the admin actor an admin event names, else the identity itself (self-service). */
export function historyActor(data: unknown, identityId: string): Actor {
  const actor = actorSchema.safeParse((data as { actor?: unknown } | null)?.actor);
  return actor.success ? actor.data : { type: 'identity', id: identityId };
}

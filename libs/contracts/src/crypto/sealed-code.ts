import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One-time codes that a mail must carry travel sealed with AES-256-GCM under secrets.cipher:
 * "v1.<key index>.<base64url(iv | ciphertext | tag)>". The first key seals; every key may open (rotation). */
const PREFIX = 'v1';

function key(secret: string): Buffer {
  const k = Buffer.from(secret, 'utf8');
  if (k.length !== 32) throw new Error('secrets.cipher entries must be exactly 32 bytes');
  return k;
}

export function sealCode(plaintext: string, cipherSecrets: readonly string[]): string {
  const [first] = cipherSecrets;
  if (!first) throw new Error('secrets.cipher is empty');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(first), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}.0.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function openCode(sealed: string, cipherSecrets: readonly string[]): string {
  const [prefix, , payload] = sealed.split('.');
  if (prefix !== PREFIX || !payload) throw new Error('not a sealed code');
  const raw = Buffer.from(payload, 'base64url');
  const iv = raw.subarray(0, 12);
  const tag = raw.subarray(raw.length - 16);
  const body = raw.subarray(12, raw.length - 16);
  for (const secret of cipherSecrets) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key(secret), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      // try the next key
    }
  }
  throw new Error('sealed code does not open with any secrets.cipher key');
}

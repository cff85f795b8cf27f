import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';

/** Envelope encryption of the event store: every subject (an identity) has its own data key, and data keys are
 * stored wrapped (AES-256-GCM) under a key-encryption key from `secrets.cipher`. The first configured key wraps;
 * every configured key unwraps (rotation: put the new key first, keep the old ones until every data key has been
 * wrapped again). A key is named by `kid`, the first 8 bytes of its SHA-256, so the right one is tried first. */
export class Keyring {
  private readonly keys: { kid: string; key: Buffer }[];

  constructor(cipherSecrets: readonly string[]) {
    if (cipherSecrets.length === 0) throw new Error('secrets.cipher is empty');
    this.keys = cipherSecrets.map((secret) => {
      const key = Buffer.from(secret, 'utf8');
      if (key.length !== 32) throw new Error('secrets.cipher entries must be exactly 32 bytes');
      return { kid: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
    });
  }

  /** The kid of the key that wraps new data keys. */
  get currentKid(): string {
    return this.keys[0].kid;
  }

  /** A fresh data key and its wrapped form. */
  newDataKey(): { key: Buffer; kid: string; wrapped: Buffer } {
    const key = random(32);
    return { key, ...this.wrap(key) };
  }

  wrap(dataKey: Buffer): { kid: string; wrapped: Buffer } {
    const { kid, key } = this.keys[0];
    return { kid, wrapped: seal(key, dataKey, Buffer.from(kid)) };
  }

  /** The data key; throws when no configured key opens it (a key that was removed from secrets.cipher). */
  unwrap(kid: string, wrapped: Buffer): Buffer {
    const candidate = this.keys.find((k) => k.kid === kid);
    if (!candidate) throw new Error(`no secrets.cipher key with id ${kid} is configured`);
    return open(candidate.key, wrapped, Buffer.from(kid));
  }
}

const FORMAT = 1;
const HEADER = Buffer.of(FORMAT);

/** Random bytes from the CSPRNG, drawn in 64 KiB refills: keys and IVs are needed by the thousand in an import,
 * and one system call per 12 bytes costs more than the cipher. Every byte is handed out once. */
const POOL = Buffer.alloc(64 * 1024);
let poolAt = POOL.length;
function random(n: number): Buffer {
  if (poolAt + n > POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const out = Buffer.from(POOL.subarray(poolAt, poolAt + n));
  poolAt += n;
  return out;
}

/** AES-256-GCM: format byte | iv (12) | ciphertext | tag (16); `aad` binds the ciphertext to its place. */
export function seal(key: Buffer, plaintext: Buffer | string, aad: Buffer): Buffer {
  const iv = random(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  return Buffer.concat([HEADER, iv, body, cipher.final(), cipher.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < 29 || sealed[0] !== FORMAT) throw new Error('not a sealed value');
  const iv = sealed.subarray(1, 13);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]);
}

/** What a stored password hash says about itself, read from its PHC (`$argon2id$…`) or modular (`$2b$…`) prefix. */
export type StoredHash =
  | {
      algorithm: 'argon2';
      variant: 'argon2id' | 'argon2i';
      version: number;
      /** KiB */
      memory: number;
      iterations: number;
      parallelism: number;
      saltLength: number;
      keyLength: number;
    }
  | { algorithm: 'bcrypt'; cost: number };

// $argon2id$v=19$m=19456,t=2,p=1$<salt, unpadded base64>$<key, unpadded base64>; `v=` is absent in old (v=16) hashes.
const ARGON2 = /^\$(argon2id|argon2i)\$(?:v=(\d+)\$)?m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;
// $2b$12$<22 chars of salt><31 chars of hash>, bcrypt's own base64 alphabet.
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;

/** Undefined when the string is neither an argon2i/argon2id PHC string nor a 2a/2b/2y bcrypt hash. */
export function parseStoredHash(stored: string): StoredHash | undefined {
  const argon2 = ARGON2.exec(stored);
  if (argon2) {
    const [, variant, version, m, t, p, salt, key] = argon2;
    return {
      algorithm: 'argon2',
      variant: variant as 'argon2id' | 'argon2i',
      version: version === undefined ? 16 : Number(version),
      memory: Number(m),
      iterations: Number(t),
      parallelism: Number(p),
      saltLength: base64Bytes(salt),
      keyLength: base64Bytes(key),
    };
  }
  const bcrypt = BCRYPT.exec(stored);
  if (bcrypt) return { algorithm: 'bcrypt', cost: Number(bcrypt[1]) };
  return undefined;
}

function base64Bytes(unpadded: string): number {
  return Math.floor((unpadded.length * 3) / 4);
}

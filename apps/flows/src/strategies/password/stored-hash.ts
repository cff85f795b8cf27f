import { legacyHashFormat } from './legacy-hashes';

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

/** Bounds on an imported bcrypt or argon2 hash: every login pays its cost (the imported legacy formats have theirs
 * in legacy-hashes.ts, checked when they are verified). */
const IMPORT_BOUNDS = { bcryptCost: [4, 31], argon2MemoryKiB: 1024 * 1024, argon2Iterations: 64, argon2Parallelism: 255 } as const;

/** Whether an imported hash is in a format login can verify (reference §7.2: bcrypt, argon2, and the legacy
 * formats by their prefix) and, for bcrypt and argon2, within bounds a login can afford. */
export function isKnownHashFormat(stored: string): boolean {
  const parsed = parseStoredHash(stored);
  if (!parsed) return legacyHashFormat(stored) !== undefined;
  if (parsed.algorithm === 'bcrypt') return parsed.cost >= IMPORT_BOUNDS.bcryptCost[0] && parsed.cost <= IMPORT_BOUNDS.bcryptCost[1];
  return (
    parsed.memory <= IMPORT_BOUNDS.argon2MemoryKiB &&
    parsed.iterations >= 1 &&
    parsed.iterations <= IMPORT_BOUNDS.argon2Iterations &&
    parsed.parallelism >= 1 &&
    parsed.parallelism <= IMPORT_BOUNDS.argon2Parallelism
  );
}

import { randomBytes } from 'node:crypto';
import * as argon2 from '@node-rs/argon2';
import * as bcrypt from '@node-rs/bcrypt';
import { verifyLegacyHash } from './legacy-hashes';
import { parseStoredHash } from './stored-hash';

export interface Argon2Parameters {
  /** KiB */
  memory: number;
  iterations: number;
  parallelism: number;
  salt_length: number;
  key_length: number;
}

/** The `hashers` block of the flows configuration. */
export interface HashersConfig {
  algorithm: 'argon2' | 'bcrypt';
  argon2: Argon2Parameters;
  bcrypt: { cost: number };
}

/** bcrypt reads at most 72 bytes of a password and silently ignores the rest. */
export const BCRYPT_MAX_PASSWORD_BYTES = 72;

/** Thrown by `hash` when the configured algorithm cannot represent the password (over 72 bytes with bcrypt). */
export class PasswordNotHashableError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the configured hasher takes passwords of at most ${maxBytes} bytes`);
    this.name = 'PasswordNotHashableError';
  }
}

/**
 * Hashes new passwords with the configured algorithm (argon2id or bcrypt, both off the event loop) and verifies
 * stored hashes of either kind, recognised by their prefix, as well as the imported formats Kratos accepts (pbkdf2,
 * scrypt, Firebase scrypt, LDAP {SSHA*}, salted sha/md5, md5/sha256/sha512-crypt, hmac; see legacy-hashes.ts for
 * their cost bounds). `needsRehash` tells login when to upgrade a hash; it is always true for an imported format.
 */
export class PasswordHasher {
  private readonly config: HashersConfig;
  private dummy?: Promise<string>;

  /** Pass the whole `hashers` block. A bare argon2 parameter object (the earlier signature) means argon2. */
  constructor(config: HashersConfig | Argon2Parameters) {
    this.config = 'algorithm' in config ? config : { algorithm: 'argon2', argon2: config, bcrypt: { cost: 12 } };
  }

  get algorithm(): HashersConfig['algorithm'] {
    return this.config.algorithm;
  }

  /** The longest password, in UTF-8 bytes, the configured algorithm can hash: 72 for bcrypt, else undefined. */
  get maxPasswordBytes(): number | undefined {
    return this.config.algorithm === 'bcrypt' ? BCRYPT_MAX_PASSWORD_BYTES : undefined;
  }

  /** Whether `hash(password)` would succeed (false only for bcrypt and more than 72 bytes). */
  canHash(password: string): boolean {
    const max = this.maxPasswordBytes;
    return max === undefined || Buffer.byteLength(password, 'utf8') <= max;
  }

  /** Rejects with PasswordNotHashableError instead of truncating. */
  async hash(password: string): Promise<string> {
    if (this.config.algorithm === 'bcrypt') {
      if (!this.canHash(password)) throw new PasswordNotHashableError(BCRYPT_MAX_PASSWORD_BYTES);
      return bcrypt.hash(password, this.config.bcrypt.cost);
    }
    const p = this.config.argon2;
    return argon2.hash(password, {
      algorithm: argon2.Algorithm.Argon2id,
      memoryCost: p.memory,
      timeCost: p.iterations,
      parallelism: p.parallelism,
      outputLen: p.key_length,
      salt: randomBytes(p.salt_length),
    });
  }

  /**
   * True only when `password` matches `stored`; false for a malformed or unknown hash, or an imported hash whose cost
   * parameters exceed the bounds in legacy-hashes.ts; never an exception.
   */
  async verify(stored: string, password: string): Promise<boolean> {
    const parsed = parseStoredHash(stored);
    if (!parsed) return verifyLegacyHash(stored, password);
    try {
      if (parsed.algorithm === 'argon2') return await argon2.verify(stored, password);
      // No truncation: bcrypt would compare only the first 72 bytes, so a longer password never matches.
      if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_PASSWORD_BYTES) return false;
      return await bcrypt.verify(password, stored);
    } catch {
      return false;
    }
  }

  /**
   * True when `stored` was made with another algorithm or other parameters than configured (which includes every
   * imported legacy format), so that a successful login should store `hash(password)` instead. Given the password, false when the configured algorithm cannot hash it.
   */
  needsRehash(stored: string, password?: string): boolean {
    if (password !== undefined && !this.canHash(password)) return false;
    const parsed = parseStoredHash(stored);
    if (!parsed || parsed.algorithm !== this.config.algorithm) return true;
    if (parsed.algorithm === 'bcrypt') return parsed.cost !== this.config.bcrypt.cost;
    const p = this.config.argon2;
    return (
      parsed.variant !== 'argon2id' ||
      parsed.version !== 19 ||
      parsed.memory !== p.memory ||
      parsed.iterations !== p.iterations ||
      parsed.parallelism !== p.parallelism ||
      parsed.saltLength !== p.salt_length ||
      parsed.keyLength !== p.key_length
    );
  }

  /** A hash of a random password with the configured algorithm, computed once on first use. */
  dummyHash(): Promise<string> {
    if (!this.dummy) {
      const pending = this.hash(randomBytes(24).toString('base64url'));
      this.dummy = pending;
      pending.catch(() => {
        if (this.dummy === pending) this.dummy = undefined;
      });
    }
    return this.dummy;
  }

  /**
   * The same work as verifying a real credential, for an identifier that has none (enumeration-safe timing:
   * real work, not a sleep). Always false.
   */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummyHash(), password);
    return false;
  }
}

import * as bcrypt from '@node-rs/bcrypt';
import { Argon2Parameters, HashersConfig, PasswordHasher, PasswordNotHashableError } from './password.hasher';
import { parseStoredHash } from './stored-hash';

// Small argon2 parameters and bcrypt cost 4 keep the suite fast; the logic does not depend on them.
const argon2Params: Argon2Parameters = { memory: 8192, iterations: 1, parallelism: 1, salt_length: 16, key_length: 32 };
const config = (over: Partial<HashersConfig> = {}): HashersConfig => ({ algorithm: 'argon2', argon2: argon2Params, bcrypt: { cost: 4 }, ...over });
const argon2Hasher = new PasswordHasher(config());
const bcryptHasher = new PasswordHasher(config({ algorithm: 'bcrypt' }));

describe('PasswordHasher', () => {
  it.each([
    ['argon2', argon2Hasher, /^\$argon2id\$v=19\$m=8192,t=1,p=1\$/],
    ['bcrypt', bcryptHasher, /^\$2b\$04\$/],
  ])('%s: hashes with the configured algorithm and verifies only the right password', async (_, hasher, prefix) => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(prefix);
    await expect(hasher.verify(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(hasher.verify(stored, 'correct horse battery stapl')).resolves.toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('writes the configured salt and key lengths into the argon2 hash', async () => {
    const hasher = new PasswordHasher(config({ argon2: { ...argon2Params, salt_length: 24, key_length: 48 } }));
    expect(parseStoredHash(await hasher.hash('pw-123456'))).toMatchObject({ algorithm: 'argon2', saltLength: 24, keyLength: 48 });
  });

  it('verifies a hash of the other algorithm (cross-verification), recognised by its prefix', async () => {
    const fromBcrypt = await bcryptHasher.hash('shared secret 1');
    const fromArgon2 = await argon2Hasher.hash('shared secret 2');
    await expect(argon2Hasher.verify(fromBcrypt, 'shared secret 1')).resolves.toBe(true);
    await expect(argon2Hasher.verify(fromBcrypt, 'shared secret 2')).resolves.toBe(false);
    await expect(bcryptHasher.verify(fromArgon2, 'shared secret 2')).resolves.toBe(true);
    await expect(bcryptHasher.verify(fromArgon2, 'shared secret 1')).resolves.toBe(false);
  });

  it('verifies $2a$ and $2y$ bcrypt hashes and argon2i PHC strings', async () => {
    const b = await bcryptHasher.hash('legacy-pass');
    await expect(argon2Hasher.verify(b.replace('$2b$', '$2a$'), 'legacy-pass')).resolves.toBe(true);
    await expect(argon2Hasher.verify(b.replace('$2b$', '$2y$'), 'legacy-pass')).resolves.toBe(true);
    const argon2i = '$argon2i$v=19$m=8192,t=1,p=1$KbGFodlL4G6GogqlY+wvQg$EJKj91eRg6UGal5E5oUWQJ0cosSW9oWjzHcy/st4sz0';
    await expect(bcryptHasher.verify(argon2i, 'pw')).resolves.toBe(true);
    await expect(bcryptHasher.verify(argon2i, 'pw2')).resolves.toBe(false);
  });

  it.each(['', 'plaintext', '$argon2id$garbage', '$2b$04$short', '$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA'])('answers false (never throws) for the stored value %j', async (stored) => {
    await expect(argon2Hasher.verify(stored, 'plaintext')).resolves.toBe(false);
    await expect(bcryptHasher.verify(stored, 'plaintext')).resolves.toBe(false);
  });

  describe('bcrypt and its 72-byte limit (no truncation)', () => {
    const first72 = 'a'.repeat(72);

    it('verifies a 72-byte password', async () => {
      const stored = await bcryptHasher.hash(first72);
      await expect(bcryptHasher.verify(stored, first72)).resolves.toBe(true);
    });

    it('does not match a 73-byte password that differs only after byte 72 (the raw library would)', async () => {
      const stored = await bcrypt.hash(`${first72}b`, 4); // a hash made elsewhere, of the first 72 bytes only
      await expect(bcrypt.verify(`${first72}c`, stored)).resolves.toBe(true); // what truncation would do
      await expect(bcryptHasher.verify(stored, `${first72}c`)).resolves.toBe(false);
      await expect(argon2Hasher.verify(stored, `${first72}c`)).resolves.toBe(false);
      await expect(bcryptHasher.verify(stored, `${first72}b`)).resolves.toBe(false);
    });

    it('counts bytes, not characters: 37 × "é" is 74 bytes', async () => {
      const stored = await bcrypt.hash('é'.repeat(36), 4);
      await expect(bcryptHasher.verify(stored, 'é'.repeat(36))).resolves.toBe(true);
      await expect(bcryptHasher.verify(stored, 'é'.repeat(37))).resolves.toBe(false);
    });

    it('refuses to hash more than 72 bytes; argon2 has no such limit', async () => {
      expect(bcryptHasher.maxPasswordBytes).toBe(72);
      expect(bcryptHasher.canHash(`${first72}b`)).toBe(false);
      await expect(bcryptHasher.hash(`${first72}b`)).rejects.toBeInstanceOf(PasswordNotHashableError);
      expect(argon2Hasher.maxPasswordBytes).toBeUndefined();
      await expect(argon2Hasher.hash(`${first72}b`).then((h) => argon2Hasher.verify(h, `${first72}b`))).resolves.toBe(true);
    });
  });

  describe('needsRehash', () => {
    let argon2Hash: string;
    let bcryptHash: string;
    beforeAll(async () => {
      argon2Hash = await argon2Hasher.hash('upgrade me');
      bcryptHash = await bcryptHasher.hash('upgrade me');
    });

    it('is true for a hash of the other algorithm', () => {
      expect(argon2Hasher.needsRehash(bcryptHash)).toBe(true);
      expect(bcryptHasher.needsRehash(argon2Hash)).toBe(true);
    });

    it.each<[string, Partial<Argon2Parameters>]>([
      ['memory', { memory: 9216 }],
      ['iterations', { iterations: 2 }],
      ['parallelism', { parallelism: 2 }],
      ['salt length', { salt_length: 32 }],
      ['key length', { key_length: 64 }],
    ])('is true for an argon2 hash with another %s', (_, change) => {
      expect(new PasswordHasher(config({ argon2: { ...argon2Params, ...change } })).needsRehash(argon2Hash)).toBe(true);
    });

    it('is true for argon2i and for another bcrypt cost, false for the same cost under another bcrypt prefix', async () => {
      expect(argon2Hasher.needsRehash('$argon2i$v=19$m=8192,t=1,p=1$KbGFodlL4G6GogqlY+wvQg$EJKj91eRg6UGal5E5oUWQJ0cosSW9oWjzHcy/st4sz0')).toBe(true);
      expect(bcryptHasher.needsRehash(await bcrypt.hash('upgrade me', 5))).toBe(true);
      expect(bcryptHasher.needsRehash(bcryptHash.replace('$2b$', '$2a$'))).toBe(false);
      expect(argon2Hasher.needsRehash('not a hash')).toBe(true);
    });

    it('is false when the configured algorithm cannot hash the password (over 72 bytes for bcrypt)', () => {
      expect(bcryptHasher.needsRehash(argon2Hash, 'x'.repeat(73))).toBe(false);
      expect(bcryptHasher.needsRehash(argon2Hash, 'x'.repeat(72))).toBe(true);
    });
  });

  describe('dummy verification for unknown identifiers', () => {
    it('uses one lazily computed hash of the configured algorithm and parameters, and never matches', async () => {
      const hasher = new PasswordHasher(config({ algorithm: 'bcrypt' }));
      const first = await hasher.dummyHash();
      expect(await hasher.dummyHash()).toBe(first);
      expect(first).toMatch(/^\$2b\$04\$/);
      expect(hasher.needsRehash(first)).toBe(false); // same algorithm and cost, hence the same work as a real verify
      await expect(hasher.verifyDummy('anything')).resolves.toBe(false);
      expect(parseStoredHash(await argon2Hasher.dummyHash())).toMatchObject({ algorithm: 'argon2', memory: 8192, iterations: 1 });
    });

    it('shares one computation between concurrent first callers', async () => {
      const hasher = new PasswordHasher(config());
      const [a, b] = await Promise.all([hasher.dummyHash(), hasher.dummyHash()]);
      expect(a).toBe(b);
    });
  });

  it('still accepts the earlier constructor argument (argon2 parameters alone)', async () => {
    const legacy = new PasswordHasher(argon2Params);
    expect(legacy.algorithm).toBe('argon2');
    expect(legacy.needsRehash(await argon2Hasher.hash('x-y-z-1'))).toBe(false);
  });
});

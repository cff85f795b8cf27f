import { createCipheriv, createHash, createHmac, pbkdf2, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Verification of the imported ("legacy") password hash formats Kratos accepts besides bcrypt and argon2
 * (`kratos:hash/hash_comparator.go`), using node:crypto only. These hashes are only ever verified, never produced:
 * `PasswordHasher.needsRehash` is true for all of them, so a successful login replaces them with the configured hasher.
 *
 * Every function here answers false for a malformed hash, an unsupported variant or cost parameters above the bounds
 * below; none throws. Comparisons use `timingSafeEqual` on buffers of equal length (a length mismatch is a plain
 * false: the length of a stored hash is not a secret).
 *
 * Cost bounds (a stored hash is attacker-controlled if the import API is misused, and each login would pay its cost):
 * - pbkdf2: 1 ≤ i ≤ {@link LEGACY_HASH_LIMITS.pbkdf2MaxIterations}, derived key ≤ 512 bytes.
 * - scrypt and Firebase scrypt: N a power of two, 2 ≤ N ≤ 2^20; 1 ≤ r ≤ 32; 1 ≤ p ≤ 16; memory 128·N·r ≤ 256 MiB;
 *   work 128·N·r·p ≤ 1 GiB. (Kratos's own default, N = 2^14, r = 8, p = 1, uses 16 MiB.)
 * - sha256-crypt / sha512-crypt: rounds ≤ {@link LEGACY_HASH_LIMITS.shaCryptMaxRounds} (the spec's own floor, 1000, is
 *   applied as the spec says); the loop yields to the event loop every few thousand rounds.
 * - salts, keys and digests: at most 1024 bytes each.
 */
export const LEGACY_HASH_LIMITS = {
  pbkdf2MaxIterations: 10_000_000,
  pbkdf2MaxKeyBytes: 512,
  scryptMaxN: 2 ** 20,
  scryptMaxR: 32,
  scryptMaxP: 16,
  scryptMaxMemoryBytes: 256 * 1024 * 1024,
  scryptMaxWorkBytes: 1024 * 1024 * 1024,
  shaCryptMaxRounds: 1_000_000,
  maxBytes: 1024,
} as const;

export type LegacyHashFormat =
  | 'pbkdf2'
  | 'scrypt'
  | 'firescrypt'
  | 'ssha'
  | 'sha'
  | 'md5'
  | 'md5-crypt'
  | 'sha256-crypt'
  | 'sha512-crypt'
  | 'hmac';

const PREFIXES: ReadonlyArray<[RegExp, LegacyHashFormat]> = [
  [/^\$md5-crypt\$/, 'md5-crypt'],
  [/^\$sha256-crypt\$/, 'sha256-crypt'],
  [/^\$sha512-crypt\$/, 'sha512-crypt'],
  [/^\$pbkdf2-sha[0-9]{1,3}\$/, 'pbkdf2'],
  [/^\$scrypt\$/, 'scrypt'],
  [/^\{SSHA(?:256|512)?\}/, 'ssha'],
  [/^\$sha(?:1|256|512)\$/, 'sha'],
  [/^\$firescrypt\$/, 'firescrypt'],
  [/^\$md5\$/, 'md5'],
  [/^\$hmac-(?:md4|md5|sha1|sha224|sha256|sha384|sha512)\$/, 'hmac'],
];

/** Which legacy format `stored` claims by its prefix (the same prefixes as Kratos), without validating the rest. */
export function legacyHashFormat(stored: string): LegacyHashFormat | undefined {
  return PREFIXES.find(([re]) => re.test(stored))?.[1];
}

/** True only when `password` matches `stored` in one of the legacy formats; false otherwise, never an exception. */
export async function verifyLegacyHash(stored: string, password: string): Promise<boolean> {
  try {
    switch (legacyHashFormat(stored)) {
      case 'pbkdf2':
        return await verifyPbkdf2(stored, password);
      case 'scrypt':
        return await verifyScrypt(stored, password);
      case 'firescrypt':
        return await verifyFirebaseScrypt(stored, password);
      case 'ssha':
        return verifySsha(stored, password);
      case 'sha':
        return verifySaltedSha(stored, password);
      case 'md5':
        return verifyMd5(stored, password);
      case 'md5-crypt':
        return verifyMd5Crypt(stored, password);
      case 'sha256-crypt':
        return await verifyShaCrypt(stored, password, 'sha256');
      case 'sha512-crypt':
        return await verifyShaCrypt(stored, password, 'sha512');
      case 'hmac':
        return verifyHmac(stored, password);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

/** Constant-time equality; false (not an exception) for different lengths or empty input. */
export function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}

const B64_PADDED = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const B64_RAW = /^[A-Za-z0-9+/]*$/;

/**
 * Standard-alphabet base64 like Go's `StdEncoding.Strict()` (padded) or `RawStdEncoding.Strict()` (unpadded):
 * undefined for any other character, wrong padding, an impossible length or non-zero trailing bits.
 */
function b64(text: string, padded: boolean, strict = true): Buffer | undefined {
  if (!(padded ? B64_PADDED : B64_RAW).test(text) || (!padded && text.length % 4 === 1)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > LEGACY_HASH_LIMITS.maxBytes * 2) return undefined;
  if (strict) {
    const again = bytes.toString('base64');
    if ((padded ? again : again.replace(/=+$/, '')) !== text) return undefined;
  }
  return bytes;
}

function uint(text: string | undefined): number | undefined {
  return text !== undefined && /^[0-9]{1,10}$/.test(text) ? Number(text) : undefined;
}

function within(bytes: Buffer | undefined, min = 1): bytes is Buffer {
  return bytes !== undefined && bytes.length >= min && bytes.length <= LEGACY_HASH_LIMITS.maxBytes;
}

function utf8(password: string): Buffer {
  return Buffer.from(password, 'utf8');
}

/**
 * Kratos's salting template: `{SALT}` and `{PASSWORD}` replaced in one left-to-right pass (like Go's
 * strings.NewReplacer), so a password or salt containing either token is not substituted again. Bytes, not text,
 * so that a binary salt survives.
 */
function applyTemplate(template: Buffer, salt: Buffer, password: string): Buffer {
  const text = template.toString('latin1');
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(/\{SALT\}|\{PASSWORD\}/g)) {
    parts.push(template.subarray(last, m.index), m[0] === '{SALT}' ? salt : utf8(password));
    last = m.index + m[0].length;
  }
  parts.push(template.subarray(last));
  return Buffer.concat(parts);
}

/** `pf=<base64 template>`, non-empty. */
function template(field: string | undefined): Buffer | undefined {
  if (!field?.startsWith('pf=')) return undefined;
  const pf = b64(field.slice(3), true);
  return within(pf) ? pf : undefined;
}

const digest = (algorithm: string, data: Buffer): Buffer => createHash(algorithm).update(data).digest();

// ---------------------------------------------------------------------------------------------------------------
// pbkdf2: $pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<key>, unpadded base64. Like Kratos, the key length is
// the decoded key's (l= must be present and numeric but is not trusted), and sha224 / sha384 mean SHA3-224 / SHA3-384
// (Kratos's `getPseudorandomFunctionForPbkdf2`).

const PBKDF2_DIGESTS: Record<string, string> = {
  sha1: 'sha1',
  sha224: 'sha3-224',
  sha256: 'sha256',
  sha384: 'sha3-384',
  sha512: 'sha512',
};

async function verifyPbkdf2(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 5) return false;
  const prf = PBKDF2_DIGESTS[parts[1].slice('pbkdf2-'.length)];
  const params = /^i=([0-9]+),l=([0-9]+)$/.exec(parts[2]);
  const iterations = uint(params?.[1]);
  const salt = b64(parts[3], false);
  const key = b64(parts[4], false);
  if (!prf || iterations === undefined || uint(params?.[2]) === undefined || !within(salt, 0) || !within(key)) return false;
  if (iterations < 1 || iterations > LEGACY_HASH_LIMITS.pbkdf2MaxIterations || key.length > LEGACY_HASH_LIMITS.pbkdf2MaxKeyBytes) return false;
  const derived = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(utf8(password), salt, iterations, key.length, prf, (err, out) => (err ? reject(err) : resolve(out))),
  );
  return safeEqual(derived, key);
}

// ---------------------------------------------------------------------------------------------------------------
// scrypt: $scrypt$ln=<N>,r=<r>,p=<p>$<salt>$<key>, padded base64. NB: as in Kratos (and unlike passlib), `ln` is N
// itself, not its logarithm (Kratos's own vectors say ln=16384).

function scryptBounded(N: number, r: number, p: number): boolean {
  const L = LEGACY_HASH_LIMITS;
  return (
    N >= 2 &&
    N <= L.scryptMaxN &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    r <= L.scryptMaxR &&
    p >= 1 &&
    p <= L.scryptMaxP &&
    128 * N * r <= L.scryptMaxMemoryBytes &&
    128 * N * r * p <= L.scryptMaxWorkBytes
  );
}

function scryptAsync(password: Buffer, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  // maxmem: node's check is 128·N·r plus some slack; the bounds above already cap it.
  const maxmem = 128 * N * r + 1024 * 1024 + 128 * r * p;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, { N, r, p, maxmem }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

const SCRYPT_PARAMS = /^ln=([0-9]+),r=([0-9]+),p=([0-9]+)$/;

async function verifyScrypt(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 5) return false;
  const params = SCRYPT_PARAMS.exec(parts[2]);
  const [N, r, p] = [uint(params?.[1]), uint(params?.[2]), uint(params?.[3])];
  const salt = b64(parts[3], true);
  const key = b64(parts[4], true);
  if (N === undefined || r === undefined || p === undefined || !within(salt, 0) || !within(key)) return false;
  if (!scryptBounded(N, r, p)) return false;
  return safeEqual(await scryptAsync(utf8(password), salt, N, r, p, key.length), key);
}

// ---------------------------------------------------------------------------------------------------------------
// Firebase scrypt: $firescrypt$ln=<mem_cost>,r=<rounds>,p=<p>$<salt>$<hash>$<salt separator>$<signer key>, padded
// base64. Here `ln` IS log2(N) (Firebase's mem_cost). Firebase's modification: key = scrypt(password, salt ‖ salt
// separator, N, r, p, 32 bytes); hash = AES-256-CTR(key, IV = 0¹²⁸) of the signer key.

async function verifyFirebaseScrypt(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 7) return false;
  const params = SCRYPT_PARAMS.exec(parts[2]);
  const [memCost, r, p] = [uint(params?.[1]), uint(params?.[2]), uint(params?.[3])];
  const salt = b64(parts[3], true);
  const hash = b64(parts[4], true);
  const separator = b64(parts[5], true);
  const signerKey = b64(parts[6], true);
  if (memCost === undefined || r === undefined || p === undefined || memCost < 1 || memCost > 20) return false;
  if (!within(salt, 0) || !within(hash) || !within(separator, 0) || !within(signerKey)) return false;
  const N = 2 ** memCost;
  if (!scryptBounded(N, r, p) || hash.length !== signerKey.length) return false;
  const key = await scryptAsync(utf8(password), Buffer.concat([salt, separator]), N, r, p, 32);
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  return safeEqual(Buffer.concat([cipher.update(signerKey), cipher.final()]), hash);
}

// ---------------------------------------------------------------------------------------------------------------
// LDAP salted SHA: {SSHA}|{SSHA256}|{SSHA512} base64(digest(password ‖ salt) ‖ salt), salt at least one byte.
// Padded base64; like Kratos (plain StdEncoding) non-zero trailing bits are tolerated.

const SSHA: Record<string, [string, number]> = { SSHA: ['sha1', 20], SSHA256: ['sha256', 32], SSHA512: ['sha512', 64] };

function verifySsha(stored: string, password: string): boolean {
  const m = /^\{(SSHA|SSHA256|SSHA512)\}(.*)$/s.exec(stored);
  if (!m) return false;
  const [algorithm, size] = SSHA[m[1]];
  const decoded = b64(m[2], true, false);
  if (!decoded || decoded.length < size + 1 || decoded.length > size + LEGACY_HASH_LIMITS.maxBytes) return false;
  const salt = decoded.subarray(size);
  return safeEqual(digest(algorithm, Buffer.concat([utf8(password), salt])), decoded.subarray(0, size));
}

// ---------------------------------------------------------------------------------------------------------------
// Salted SHA with a template: $sha1|sha256|sha512$pf=<base64 template>$<salt>$<hash>, padded base64;
// the template is e.g. `{SALT}{PASSWORD}`.

function verifySaltedSha(stored: string, password: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 5 || !['sha1', 'sha256', 'sha512'].includes(parts[1])) return false;
  const pf = template(parts[2]);
  const salt = b64(parts[3], true);
  const hash = b64(parts[4], true);
  if (!pf || !within(salt, 0) || !within(hash)) return false;
  return safeEqual(digest(parts[1], applyTemplate(pf, salt, password)), hash);
}

// ---------------------------------------------------------------------------------------------------------------
// MD5: $md5$<base64 hash> (unsalted) or $md5$pf=<base64 template>$<salt>$<hash>, padded base64.

function verifyMd5(stored: string, password: string): boolean {
  const parts = stored.split('$');
  if (parts.length === 3) {
    const hash = b64(parts[2], true);
    return within(hash) && safeEqual(digest('md5', utf8(password)), hash);
  }
  if (parts.length !== 5) return false;
  const pf = template(parts[2]);
  const salt = b64(parts[3], true);
  const hash = b64(parts[4], true);
  if (!pf || !within(salt, 0) || !within(hash)) return false;
  return safeEqual(digest('md5', applyTemplate(pf, salt, password)), hash);
}

// ---------------------------------------------------------------------------------------------------------------
// HMAC: $hmac-<fn>$<base64 of the lower-case hex MAC>$<base64 key>. hmac-md4 needs MD4, which OpenSSL 3 (node ≥ 17)
// no longer provides by default: such hashes answer false (createHmac throws, caught above).

function verifyHmac(stored: string, password: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 4) return false;
  const fn = parts[1].slice('hmac-'.length);
  const hash = b64(parts[2], true);
  const key = b64(parts[3], true);
  if (!within(hash) || !within(key, 0)) return false;
  return safeEqual(Buffer.from(createHmac(fn, key).update(utf8(password)).digest('hex'), 'latin1'), hash);
}

// ---------------------------------------------------------------------------------------------------------------
// crypt(3): MD5-crypt ($1$, here $md5-crypt$<salt>$<hash>) and SHA-crypt ($5$ / $6$, here $sha256-crypt$ /
// $sha512-crypt$[rounds=<n>$]<salt>$<hash>), with the crypt alphabet and byte orders of the reference implementations.

const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CRYPT_SALT = /^[^$:\n]*$/;

/** The crypt base64 of `bytes` taken in `order` groups of three (a missing index means none). */
function cryptB64(bytes: Buffer, groups: ReadonlyArray<readonly [number, number, number, number]>): string {
  let out = '';
  for (const [a, b, c, n] of groups) {
    let w = ((a >= 0 ? bytes[a] : 0) << 16) | ((b >= 0 ? bytes[b] : 0) << 8) | (c >= 0 ? bytes[c] : 0);
    for (let i = 0; i < n; i++) {
      out += CRYPT_ALPHABET[w & 0x3f];
      w >>>= 6;
    }
  }
  return out;
}

const MD5_CRYPT_ORDER: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 6, 12, 4],
  [1, 7, 13, 4],
  [2, 8, 14, 4],
  [3, 9, 15, 4],
  [4, 10, 5, 4],
  [-1, -1, 11, 2],
];

function verifyMd5Crypt(stored: string, password: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 4 || !CRYPT_SALT.test(parts[2]) || !/^[./0-9A-Za-z]{22}$/.test(parts[3])) return false;
  const salt = Buffer.from(parts[2].slice(0, 8), 'utf8');
  const pw = utf8(password);
  if (pw.length > LEGACY_HASH_LIMITS.maxBytes) return false;
  const md5 = (...chunks: Buffer[]) => digest('md5', Buffer.concat(chunks));

  const alternate = md5(pw, salt, pw);
  const chunks: Buffer[] = [pw, Buffer.from('$1$'), salt];
  for (let n = pw.length; n > 0; n -= 16) chunks.push(alternate.subarray(0, Math.min(16, n)));
  for (let n = pw.length; n > 0; n >>= 1) chunks.push(n & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let result = md5(...chunks);
  for (let i = 0; i < 1000; i++) {
    const round: Buffer[] = [i & 1 ? pw : result];
    if (i % 3) round.push(salt);
    if (i % 7) round.push(pw);
    round.push(i & 1 ? result : pw);
    result = md5(...round);
  }
  return safeEqual(Buffer.from(cryptB64(result, MD5_CRYPT_ORDER)), Buffer.from(parts[3]));
}

/**
 * The SHA-crypt output order: groups (a, a + step, a + 2·step) mod span — (0,10,20) (21,1,11) (12,22,2) … for
 * SHA-256, (0,21,42) (22,43,1) (44,2,23) … for SHA-512, a advancing by `stride` — then the leftover bytes.
 */
function shaCryptOrder(size: 32 | 64): Array<readonly [number, number, number, number]> {
  const [span, step, stride, count] = size === 32 ? [30, 10, 21, 10] : [63, 21, 22, 21];
  const groups: Array<readonly [number, number, number, number]> = [];
  for (let i = 0; i < count; i++) {
    const a = (i * stride) % span;
    groups.push([a, (a + step) % span, (a + 2 * step) % span, 4] as const);
  }
  groups.push(size === 32 ? ([-1, 31, 30, 3] as const) : ([-1, -1, 63, 2] as const));
  return groups;
}

const SHA_CRYPT_ORDER = { 32: shaCryptOrder(32), 64: shaCryptOrder(64) };

async function verifyShaCrypt(stored: string, password: string, algorithm: 'sha256' | 'sha512'): Promise<boolean> {
  const parts = stored.split('$');
  let rounds = 5000;
  let at = 2;
  if (parts.length === 5) {
    const m = /^rounds=([0-9]{1,10})$/.exec(parts[2]);
    if (!m) return false;
    rounds = Math.max(1000, Number(m[1]));
    at = 3;
  } else if (parts.length !== 4) return false;
  const size = algorithm === 'sha256' ? 32 : 64;
  const encodedLength = size === 32 ? 43 : 86;
  const [saltText, expected] = [parts[at], parts[at + 1]];
  if (rounds > LEGACY_HASH_LIMITS.shaCryptMaxRounds || !CRYPT_SALT.test(saltText)) return false;
  if (!new RegExp(`^[./0-9A-Za-z]{${encodedLength}}$`).test(expected)) return false;
  const salt = Buffer.from(saltText, 'utf8').subarray(0, 16);
  const pw = utf8(password);
  if (pw.length > LEGACY_HASH_LIMITS.maxBytes) return false;
  const h = (...chunks: Buffer[]) => digest(algorithm, Buffer.concat(chunks));
  const repeat = (block: Buffer, length: number) => {
    const out: Buffer[] = [];
    for (let n = length; n > 0; n -= size) out.push(block.subarray(0, Math.min(size, n)));
    return Buffer.concat(out);
  };

  const b = h(pw, salt, pw);
  const aChunks: Buffer[] = [pw, salt, repeat(b, pw.length)];
  for (let n = pw.length; n > 0; n >>= 1) aChunks.push(n & 1 ? b : pw);
  let c = h(...aChunks);
  const p = repeat(h(...Array<Buffer>(pw.length).fill(pw)), pw.length);
  const s = repeat(h(...Array<Buffer>(16 + c[0]).fill(salt)), salt.length);
  for (let i = 0; i < rounds; i++) {
    const round: Buffer[] = [i & 1 ? p : c];
    if (i % 3) round.push(s);
    if (i % 7) round.push(p);
    round.push(i & 1 ? c : p);
    c = h(...round);
    if (i % 5000 === 4999) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return safeEqual(Buffer.from(cryptB64(c, SHA_CRYPT_ORDER[size])), Buffer.from(expected));
}

/** Kratos's lookup secrets (kratos:selfservice/strategy/lookup/settings.go): 12 codes of 8 characters each from
 * randx.AlphaLowerNum (a-z, 0-9). */
export const LOOKUP_CODE_COUNT = 12;
export const LOOKUP_CODE_LENGTH = 8;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** the largest multiple of the alphabet's size a byte can hold: bytes at or above it are skipped (no modulo bias) */
const LIMIT = 256 - (256 % ALPHABET.length);

/** One code drawn uniformly from the alphabet with the given source of random bytes. */
export function lookupCode(random: (n: number) => Buffer): string {
  let code = '';
  while (code.length < LOOKUP_CODE_LENGTH) {
    for (const byte of random(LOOKUP_CODE_LENGTH)) {
      if (byte < LIMIT && code.length < LOOKUP_CODE_LENGTH) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code;
}

/** A fresh set of distinct codes. */
export function lookupCodes(random: (n: number) => Buffer): string[] {
  const codes = new Set<string>();
  // a source that keeps repeating itself could never fill the set; real randomness repeats a code with p ≈ 2^-41
  for (let tries = 0; codes.size < LOOKUP_CODE_COUNT && tries < LOOKUP_CODE_COUNT * 8; tries++) codes.add(lookupCode(random));
  if (codes.size < LOOKUP_CODE_COUNT) throw new Error('the random source repeats itself: can not draw distinct lookup codes');
  return [...codes];
}

/** A per-credential salt for the codes' digests (base64url, 128 bits). */
export function lookupSalt(random: (n: number) => Buffer): string {
  return random(16).toString('base64url');
}

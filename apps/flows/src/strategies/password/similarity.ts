/** Kratos's thresholds: a password closer than this edit distance to an identifier is refused… */
const MIN_DISTANCE = 5;
/** …and so is one that shares a substring longer than this fraction of its own length. */
const MAX_SHARED_FRACTION = 0.5;
/** Both strings are compared on at most this many characters, which bounds the quadratic work. */
const MAX_COMPARED = 256;

/** Kratos's identifier similarity rule, on lower-cased code points (both cut to their first 256). */
export function tooSimilar(identifier: string, password: string): boolean {
  const id = [...identifier.toLowerCase()].slice(0, MAX_COMPARED);
  const pw = [...password.toLowerCase()].slice(0, MAX_COMPARED);
  if (id.length === 0 || pw.length === 0) return false;
  return levenshtein(id, pw) < MIN_DISTANCE || longestCommonSubstring(id, pw) / pw.length > MAX_SHARED_FRACTION;
}

/** Edit distance (insertions, deletions, substitutions), two rows of memory. */
export function levenshtein(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Length of the longest run of characters that appears in both. */
export function longestCommonSubstring(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      current[j] = previous[j - 1] + 1;
      if (current[j] > best) best = current[j];
    }
    previous = current;
  }
  return best;
}

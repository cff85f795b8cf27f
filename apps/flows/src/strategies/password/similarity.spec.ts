import { levenshtein, longestCommonSubstring, tooSimilar } from './similarity';

const chars = (s: string) => [...s];

describe('identifier similarity (Kratos: distance < 5 or shared substring > half the password)', () => {
  it('computes edit distance and longest common substring', () => {
    expect(levenshtein(chars('kitten'), chars('sitting'))).toBe(3);
    expect(levenshtein(chars(''), chars('abc'))).toBe(3);
    expect(levenshtein(chars('same'), chars('same'))).toBe(0);
    expect(longestCommonSubstring(chars('xxabcdyy'), chars('zabcdz'))).toBe(4);
    expect(longestCommonSubstring(chars('abc'), chars('xyz'))).toBe(0);
  });

  it.each([
    ['identifier == password', 'l3f9toh1uaf81n21', 'l3f9toh1uaf81n21'],
    ['case only differs', 'hello@example.com', 'HELLO@EXAMPLE.COM'],
    ['identifier plus a short suffix', 'hello@example.com', 'hello@example.com12345'],
    ['identifier wrapped in digits', 'hello@example.com', '123hello@example.com123'],
    ['a prefix of the identifier', 'hello@example.com', 'hello@exam'],
    ['leetspeak of the identifier', 'hello@example.com', 'h3ll0@example'],
    ['the e-mail local part plus a year', 'alice.wonderland@example.com', 'alice.wonderland!2024'],
    ['the e-mail local part reversed in order with the domain', 'jonathan.smith@corp.io', 'corp-jonathan.smith'],
    ['a few characters changed throughout (edit distance 3, short shared runs)', 'jsmith1990', 'jsm1th_199o'],
  ])('refuses %s', (_, identifier, password) => {
    expect(tooSimilar(identifier, password)).toBe(true);
  });

  it.each([
    ['an unrelated password', 'hello@example.com', 'l3f9toh1uaf81n21'],
    ['a short identifier inside a long password', 'ab', '0000ab0000123'],
    ['a one-letter identifier', 'a', 'kjOklafe'],
    ['a shared prefix under half the password', 'd4f6090b-5a84', 'd4f6090b-5a84-2184-4404-8d1b-8da3eb00ebbe'],
    ['a repeated fragment under half the password', 'asdflasdflasdf', 'asdflasdflpiuhefnciluaksdzuföfhg'],
    ['an empty identifier', '', 'anything at all'],
  ])('accepts %s', (_, identifier, password) => {
    expect(tooSimilar(identifier, password)).toBe(false);
  });

  it('compares at most 256 characters, so a long identifier used as its own password is still refused', () => {
    const long = 'q7'.repeat(200);
    expect(tooSimilar(long, long)).toBe(true);
    expect(tooSimilar(long, 'Zm9vYmFyYmF6cXV4')).toBe(false);
  });
});

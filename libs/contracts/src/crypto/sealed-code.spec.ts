import { openCode, sealCode } from './sealed-code';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('sealed one-time codes', () => {
  it('opens what it sealed, and the sealed text does not contain the code', () => {
    const sealed = sealCode('123456', [A]);
    expect(sealed).not.toContain('123456');
    expect(openCode(sealed, [A])).toBe('123456');
  });

  it('opens with a rotated key list where the sealing key is no longer first', () => {
    expect(openCode(sealCode('654321', [A]), [B, A])).toBe('654321');
  });

  it('refuses a wrong key and a tampered payload', () => {
    const sealed = sealCode('111111', [A]);
    expect(() => openCode(sealed, [B])).toThrow(/does not open/);
    // flip one byte of the payload (not its last base64 characters: their spare bits may decode to the same bytes)
    const at = sealed.lastIndexOf('.') + 1;
    const raw = Buffer.from(sealed.slice(at), 'base64url');
    for (const i of [0, 12, raw.length - 1]) {
      const bytes = Buffer.from(raw);
      bytes[i] ^= 0x01;
      expect(() => openCode(sealed.slice(0, at) + bytes.toString('base64url'), [A])).toThrow();
    }
  });

  it('requires 32-byte keys', () => {
    expect(() => sealCode('1', ['short'])).toThrow(/exactly 32 bytes/);
  });
});

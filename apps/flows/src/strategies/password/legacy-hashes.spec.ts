import { createHash, createHmac, pbkdf2Sync, scryptSync } from 'node:crypto';
import { LEGACY_HASH_LIMITS, legacyHashFormat, verifyLegacyHash } from './legacy-hashes';
import { HashersConfig, PasswordHasher } from './password.hasher';

const config = (algorithm: HashersConfig['algorithm']): HashersConfig => ({
  algorithm,
  argon2: { memory: 8192, iterations: 1, parallelism: 1, salt_length: 16, key_length: 32 },
  bcrypt: { cost: 4 },
});
const hashers = [new PasswordHasher(config('argon2')), new PasswordHasher(config('bcrypt'))];

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64');
const raw64 = (b: Buffer | string) => b64(b).replace(/=+$/, '');
const flip = (b: Buffer) => Buffer.from(b.map((x, i) => (i === 0 ? x ^ 1 : x)));
/** Changes the first character of the `$`-separated field `index` (keeps the base64 canonical: only the last char has padding bits). */
const tamperField = (stored: string, index: number) =>
  stored
    .split('$')
    .map((part, i) => (i === index ? (part[0] === 'A' ? 'B' : 'A') + part.slice(1) : part))
    .join('$');

const PASSWORD = 'correct horse battery staple ✓';
const salt = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex');

interface Vector {
  name: string;
  stored: string;
  password: string;
  tampered: string;
  provenance: string;
}

// Generated here with node:crypto from the format's plain construction.
function generated(): Vector[] {
  const pbkdf2 = (digest: string, prf: string, iterations: number): Vector => {
    const key = pbkdf2Sync(PASSWORD, salt, iterations, 32, prf);
    const make = (k: Buffer) => `$pbkdf2-${digest}$i=${iterations},l=32$${raw64(salt)}$${raw64(k)}`;
    return { name: `pbkdf2-${digest}`, stored: make(key), tampered: make(flip(key)), password: PASSWORD, provenance: 'node:crypto' };
  };
  const scrypt = (N: number, r: number, p: number): Vector => {
    const key = scryptSync(PASSWORD, salt, 32, { N, r, p });
    const make = (k: Buffer) => `$scrypt$ln=${N},r=${r},p=${p}$${b64(salt)}$${b64(k)}`;
    return { name: `scrypt N=${N},r=${r},p=${p}`, stored: make(key), tampered: make(flip(key)), password: PASSWORD, provenance: 'node:crypto' };
  };
  const ssha = (label: string, algorithm: string): Vector => {
    const digest = createHash(algorithm).update(PASSWORD).update(salt).digest();
    const make = (d: Buffer) => `{${label}}${b64(Buffer.concat([d, salt]))}`;
    return { name: label, stored: make(digest), tampered: make(flip(digest)), password: PASSWORD, provenance: 'node:crypto' };
  };
  const salted = (algorithm: string, pf: string, input: Buffer): Vector => {
    const digest = createHash(algorithm).update(input).digest();
    const make = (d: Buffer) => `$${algorithm}$pf=${b64(pf)}$${b64(salt)}$${b64(d)}`;
    return { name: `${algorithm} pf=${pf}`, stored: make(digest), tampered: make(flip(digest)), password: PASSWORD, provenance: 'node:crypto' };
  };
  const pw = Buffer.from(PASSWORD);
  const md5 = createHash('md5').update(PASSWORD).digest();
  const hmac = createHmac('sha256', salt).update(PASSWORD).digest('hex');
  return [
    pbkdf2('sha1', 'sha1', 1000),
    pbkdf2('sha256', 'sha256', 1000),
    pbkdf2('sha512', 'sha512', 1000),
    pbkdf2('sha224', 'sha3-224', 1000), // Kratos maps sha224 / sha384 to SHA3
    pbkdf2('sha384', 'sha3-384', 1000),
    scrypt(1024, 8, 1),
    scrypt(16384, 8, 2),
    ssha('SSHA', 'sha1'),
    ssha('SSHA256', 'sha256'),
    ssha('SSHA512', 'sha512'),
    salted('sha1', '{SALT}{PASSWORD}', Buffer.concat([salt, pw])),
    salted('sha256', '{PASSWORD}--{SALT}', Buffer.concat([pw, Buffer.from('--'), salt])),
    salted('sha512', '${SALT}$${PASSWORD}$', Buffer.concat([Buffer.from('$'), salt, Buffer.from('$$'), pw, Buffer.from('$')])),
    salted('md5', '{SALT}{PASSWORD}{SALT}', Buffer.concat([salt, pw, salt])),
    { name: 'md5 unsalted', stored: `$md5$${b64(md5)}`, tampered: `$md5$${b64(flip(md5))}`, password: PASSWORD, provenance: 'node:crypto' },
    {
      name: 'hmac-sha256',
      stored: `$hmac-sha256$${b64(hmac)}$${b64(salt)}`,
      tampered: `$hmac-sha256$${b64(hmac)}$${b64(flip(salt))}`,
      password: PASSWORD,
      provenance: 'node:crypto',
    },
  ];
}

const FIREBASE_README =
  '$firescrypt$ln=14,r=8,p=1$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==$Bw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==';
const KRATOS_FIRESCRYPT =
  '$firescrypt$ln=14,r=8,p=1$sPtDhWcd1MfdAw==$xbSou7FOl6mChCyzpCPIQ7tku7nsQMTFtyOZSXXd7tjBa4NtimOx7v42Gv2SfzPQu1oxM2/k4SsbOu73wlKe1A==$Bw==$YE0dO4bwD4JnJafh6lZZfkp1MtKzuKAXQcDCJNJNyeCHairWHKENOkbh3dzwaCdizzOspwr/FITUVlnOAwPKyw==';

// Published vectors: the Firebase scrypt README (github.com/firebase/scrypt), Kratos's hash/hash_comparator_test.go,
// and `openssl passwd -1|-5|-6 -salt … 'Hello world!'` (OpenSSL 3) for crypt(3).
const published: Vector[] = [
  { name: 'firescrypt (Firebase README)', stored: FIREBASE_README, tampered: tamperField(FIREBASE_README, 4), password: 'user1password', provenance: 'firebase/scrypt README' },
  { name: 'firescrypt (Kratos)', stored: KRATOS_FIRESCRYPT, tampered: tamperField(KRATOS_FIRESCRYPT, 6), password: '8x4WjoDbSxJZdR', provenance: 'kratos' },
  ...[
    ['$pbkdf2-sha256$i=100000,l=32$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXc$QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI', 'test', 4],
    ['$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=', 'test', 4],
    ['$sha1$pf=e1NBTFR9e1BBU1NXT1JEfQ==$NW9wbWtnejAzcg==$2qU2SGWP8viTM1md3FiI3+rjWXQ=', 'test', 4],
    ['$sha256$pf=e1NBTFR9JCR7UEFTU1dPUkR9$NW9wbWtnejAzcg==$HokCOi9OtiZaZRvnkgemV3B4UUHpI7kA8zq/EZWH2NY=', 'test', 4],
    ['$md5$pf=e1BBU1NXT1JEfXtTQUxUfSQ/$MTIzNDU2Nzg5$8PhwWanVRnpJAFK4NUjR0w==', 'ory', 4],
    ['$md5$CY9rzUYh03PK3k6DJie09g==', 'test', 2],
    ['$hmac-sha1$NDMyNjcxZTUyY2Y2YTBmYjZjZDE2NjQxYjAwNjFiZjAwOGEzNWM5MA==$MTIzNDU=', 'test', 2],
    ['$md5-crypt$TVEiiKNb$SN6/pUaRQS/E8Jh46As2C/', 'test', 3],
    ['$md5-crypt$$whuMjZj.HMFoaTaZRRtkO0', 'test', 3],
  ].map(([stored, password, field]) => ({
    name: `kratos ${String(stored).split('$')[1]}`,
    stored: String(stored),
    tampered: tamperField(String(stored), Number(field)),
    password: String(password),
    provenance: 'kratos',
  })),
  ...[
    ['{SSHA}JFZFs0oHzxbMwkSJmYVeI8MnTDy/276a', '{SSHA}AFZFs0oHzxbMwkSJmYVeI8MnTDy/276a'],
    ['{SSHA512}xPUl/px+1cG55rUH4rzcwxdOIPSB2TingLpiJJumN2xyDWN4Ix1WQG3ihnvHaWUE8MYNkvMi5rf0C9NYixHsE6Yh59M=', '{SSHA512}APUl/px+1cG55rUH4rzcwxdOIPSB2TingLpiJJumN2xyDWN4Ix1WQG3ihnvHaWUE8MYNkvMi5rf0C9NYixHsE6Yh59M='],
  ].map(([stored, tampered]) => ({ name: `kratos ${stored.slice(0, 9)}`, stored, tampered, password: 'test123', provenance: 'kratos' })),
  ...[
    ['$md5-crypt$saltstri$YMyguxXMBpd2TEZ.vS/3q1', 3],
    ['$sha256-crypt$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5', 3],
    ['$sha512-crypt$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1', 3],
  ].map(([stored, field]) => ({
    name: `openssl ${String(stored).split('$')[1]}`,
    stored: String(stored),
    tampered: tamperField(String(stored), Number(field)),
    password: 'Hello world!',
    provenance: 'openssl passwd',
  })),
];

describe('legacy (imported) password hashes', () => {
  it.each([...generated(), ...published].map((v) => [`${v.name} [${v.provenance}]`, v] as const))('%s', async (_, v) => {
    for (const hasher of hashers) {
      await expect(hasher.verify(v.stored, v.password)).resolves.toBe(true);
      await expect(hasher.verify(v.stored, `${v.password}x`)).resolves.toBe(false);
      await expect(hasher.verify(v.stored, '')).resolves.toBe(false);
      await expect(hasher.verify(v.tampered, v.password)).resolves.toBe(false);
      expect(hasher.needsRehash(v.stored)).toBe(true);
      expect(hasher.needsRehash(v.stored, v.password)).toBe(true);
    }
  });

  it('verifies Kratos SHA-crypt vectors with an explicit rounds= field', async () => {
    const sha256 = '$sha256-crypt$rounds=535000$05R.9KB6UC2kLI3w$Q/zslzx./JjkAVPTwp6th7nW5l7JU91Gte/UmIh.U78';
    const sha512 =
      '$sha512-crypt$rounds=656000$3LVbIAVxR//cRajw$uuNasMW.RYxlGzIRFU1Was70BPSa933AjxhZIGJdJBOlqJAHlgqa0yuiuq5JHF/ryNGryJkj87G9i3G2HPSXg1';
    await expect(verifyLegacyHash(sha256, 'test')).resolves.toBe(true);
    await expect(verifyLegacyHash(sha512, 'test')).resolves.toBe(true);
    await expect(verifyLegacyHash(sha512, 'tesu')).resolves.toBe(false);
  }, 30_000);

  it('does not substitute {SALT} / {PASSWORD} inside the password itself (single-pass template)', async () => {
    const password = 'a{SALT}b';
    const digest = createHash('sha256').update(Buffer.concat([salt, Buffer.from(password)])).digest();
    const stored = `$sha256$pf=${b64('{SALT}{PASSWORD}')}$${b64(salt)}$${b64(digest)}`;
    await expect(verifyLegacyHash(stored, password)).resolves.toBe(true);
  });

  it('recognises the Kratos prefixes', () => {
    expect(legacyHashFormat('$pbkdf2-sha256$i=1,l=1$a$b')).toBe('pbkdf2');
    expect(legacyHashFormat('$md5-crypt$$x')).toBe('md5-crypt');
    expect(legacyHashFormat('$md5$x')).toBe('md5');
    expect(legacyHashFormat('{SSHA512}x')).toBe('ssha');
    expect(legacyHashFormat('$argon2id$v=19$m=1,t=1,p=1$a$b')).toBeUndefined();
    expect(legacyHashFormat('$sha3$pf=x$a$b')).toBeUndefined();
  });

  describe('cost bounds (false without doing the work)', () => {
    const s = b64('saltsaltsalt');
    const h = b64('hash');
    it.each([
      ['scrypt N above 2^20', `$scrypt$ln=${2 ** 21},r=1,p=1$${s}$${h}`],
      ['scrypt N not a power of two', `$scrypt$ln=16385,r=8,p=1$${s}$${h}`],
      ['scrypt memory above 256 MiB', `$scrypt$ln=${2 ** 20},r=8,p=1$${s}$${h}`],
      ['scrypt r above 32', `$scrypt$ln=1024,r=64,p=1$${s}$${h}`],
      ['scrypt p above 16', `$scrypt$ln=1024,r=8,p=17$${s}$${h}`],
      ['scrypt work above 1 GiB', `$scrypt$ln=${2 ** 18},r=8,p=16$${s}$${h}`],
      ['firescrypt ln=31', `$firescrypt$ln=31,r=8,p=1$${s}$${h}$Bw==$${h}`],
      ['firescrypt ln=21', `$firescrypt$ln=21,r=1,p=1$${s}$${h}$Bw==$${h}`],
      ['firescrypt r=1024', `$firescrypt$ln=14,r=1024,p=1$${s}$${h}$Bw==$${h}`],
      ['pbkdf2 i=1e9', `$pbkdf2-sha256$i=1000000000,l=32$${raw64('salt')}$${raw64('hash')}`],
      ['pbkdf2 i above 10,000,000', `$pbkdf2-sha256$i=${LEGACY_HASH_LIMITS.pbkdf2MaxIterations + 1},l=4$${raw64('salt')}$${raw64('hash')}`],
      ['pbkdf2 i=0', `$pbkdf2-sha256$i=0,l=4$${raw64('salt')}$${raw64('hash')}`],
      ['sha512-crypt rounds above 1,000,000', `$sha512-crypt$rounds=999999999$salt$${'a'.repeat(86)}`],
    ])('%s', async (_, stored) => {
      const started = Date.now();
      for (const hasher of hashers) await expect(hasher.verify(stored, 'any-password')).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  it.each([
    '$pbkdf2-sha256$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXc$QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI',
    '$pbkdf2-sha256$i=100000,l=32$1jP+5Zxpxgtee/iPxGgOz0RfE9/KJuDElP1ley4VxXcc$QJxzfvdbHYBpydCbHoFg3GJEqMFULwskiuqiJctoYpI',
    '$pbkdf2-sha512$I=100000,l=32$bdHBpn7OWOivJMVJypy2UqR0UnaD5prQXRZevj/05YU$+wArTfv1a+bNGO1iZrmEdVjhA+lL11wF4/IxpgYfPwc',
    '$pbkdf2-md5$i=1,l=32$YQ$YQ',
    '$scrypt$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=',
    '$scrypt$ln=16384,r=8,p=1$(2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=',
    '$scrypt$ln=abc,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=',
    '$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE',
    '$firescrypt$ln=14,r=8,p=1$42xEC+ixf3L2lw==$lSrf$Bw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
    '$firescrypt$ln=14,r=8,p=1$42xEC+ixf3L2lw==$Bw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
    '{SSHA}tooshort',
    '{SSHA}',
    '{SSHAnotExistent}xPUl/px+1cG55rUH4rzcwxdOIPSB2TingLpiJJumN2xyDWN4Ix1WQG3ihnvHaWUE8MYNkvMi5rf0C9NYixHsE6Yh59M=',
    '$sha1$pf=$NW9wbWtnejAzcg==$2qU2SGWP8viTM1md3FiI3+rjWXQ=',
    '$sha1$$NW9wbWtnejAzcg==$2qU2SGWP8viTM1md3FiI3+rjWXQ=',
    '$sha1$NW9wbWtnejAzcg==$2qU2SGWP8viTM1md3FiI3+rjWXQ=',
    '$sha1$pf=e1NBTFR9e1BBU1NXT1JEfQ==$5opmkgz03r$2qU2SGWP8viTM1md3FiI3+rjWXQ=',
    '$md5$$',
    '$md5$$$',
    '$md5$pf=$$',
    '$md5$pf=MTIz$Z$',
    '$md5-crypt$$',
    '$md5-crypt$$$',
    '$md5-crypt$whuMjZj.HMFoaTaZRRtkO0',
    '$sha256-crypt$$',
    '$sha512-crypt$$$',
    '$hmac-md5$ZmU4Njk3Zjc0MmQwODA0MDVkMTI3MGU2MTYzMzE2Zjk=',
    '$hmac-md5$MTIzNDU=',
    '$hmac$ZmU4Njk3Zjc0MmQwODA0MDVkMTI3MGU2MTYzMzE2Zjk=$MTIzNDU=',
    // MD4 is not available in OpenSSL 3 (node ≥ 17): a valid Kratos hmac-md4 hash answers false rather than throwing.
    '$hmac-md4$MWQ5ZTI4Nzc2Zjg4YmE2MTQ5YjQ0OTMyOGE4NWU4YjA=$MTIzNDU=',
  ])('answers false (never throws) for the malformed or unsupported %j', async (stored) => {
    for (const hasher of hashers) {
      await expect(hasher.verify(stored, 'test')).resolves.toBe(false);
      await expect(hasher.verify(stored, '')).resolves.toBe(false);
      expect(hasher.needsRehash(stored)).toBe(true);
    }
  });
});

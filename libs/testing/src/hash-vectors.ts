import { createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { Algorithm, hash as argon2 } from '@node-rs/argon2';
import { hash as bcrypt } from '@node-rs/bcrypt';

/** A password hash in one of the formats Kratos imports (reference §7.2), with the password it was made from. */
export interface HashVector {
  format: string;
  hashedPassword: string;
  password: string;
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');
const raw64 = (b: Buffer | string): string => b64(b).replace(/=+$/, '');

// Firebase's published example (github.com/firebase/scrypt README): the only firescrypt hash we can check
// without Firebase's project key.
const FIREBASE = {
  hashedPassword:
    '$firescrypt$ln=14,r=8,p=1$42xEC+ixf3L2lw==$lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==$Bw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
  password: 'user1password',
};

/** One hash per import format, made here from `password` with a fresh salt (Firebase scrypt: the published vector). */
export async function hashVectors(password: string): Promise<HashVector[]> {
  const salt = randomBytes(16);
  const pw = Buffer.from(password);
  const sha = (algorithm: string, input: Buffer) => createHash(algorithm).update(input).digest();
  const pbkdf2 = (digest: string): HashVector => ({
    format: `pbkdf2-${digest}`,
    hashedPassword: `$pbkdf2-${digest}$i=1000,l=32$${raw64(salt)}$${raw64(pbkdf2Sync(password, salt, 1000, 32, digest))}`,
    password,
  });
  const ssha = (label: string, algorithm: string): HashVector => ({
    format: label.toLowerCase(),
    hashedPassword: `{${label}}${b64(Buffer.concat([sha(algorithm, Buffer.concat([pw, salt])), salt]))}`,
    password,
  });
  const salted = (algorithm: string): HashVector => ({
    format: `${algorithm} with salt`,
    hashedPassword: `$${algorithm}$pf=${b64('{SALT}{PASSWORD}')}$${b64(salt)}$${b64(sha(algorithm, Buffer.concat([salt, pw])))}`,
    password,
  });
  return [
    { format: 'bcrypt', hashedPassword: await bcrypt(password, 4), password },
    { format: 'argon2id', hashedPassword: await argon2(password, { algorithm: Algorithm.Argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 }), password },
    { format: 'argon2i', hashedPassword: await argon2(password, { algorithm: Algorithm.Argon2i, memoryCost: 8192, timeCost: 1, parallelism: 1 }), password },
    pbkdf2('sha1'),
    pbkdf2('sha256'),
    pbkdf2('sha512'),
    { format: 'scrypt', hashedPassword: `$scrypt$ln=16384,r=8,p=1$${b64(salt)}$${b64(scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 }))}`, password },
    { format: 'firebase scrypt', ...FIREBASE },
    { format: 'md5', hashedPassword: `$md5$${b64(sha('md5', pw))}`, password },
    ssha('SSHA', 'sha1'),
    ssha('SSHA256', 'sha256'),
    ssha('SSHA512', 'sha512'),
    salted('sha1'),
    salted('sha256'),
    salted('sha512'),
  ];
}

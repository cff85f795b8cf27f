import { Algorithm, hash, verify } from '@node-rs/argon2';

export interface Argon2Parameters {
  /** KiB */
  memory: number;
  iterations: number;
  parallelism: number;
  salt_length: number;
  key_length: number;
}

/** argon2id through @node-rs/argon2 (runs off the event loop); the PHC string carries its own parameters. */
export class PasswordHasher {
  constructor(private readonly params: Argon2Parameters) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.params.memory,
      timeCost: this.params.iterations,
      parallelism: this.params.parallelism,
      outputLen: this.params.key_length,
    });
  }

  verify(phc: string, password: string): Promise<boolean> {
    return verify(phc, password);
  }
}

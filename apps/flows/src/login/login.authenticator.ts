import type { FieldError } from '../schema/traits-validator';
import type { IdentityChange } from '../strategies/strategy';
import { normalizeIdentifier } from '@gatehouse/contracts';
import { CredentialsRepository } from '../identity/credentials.repository';
import { PasswordHasher } from '../strategies/password/password.hasher';

export interface Authentication {
  identity?: { id: string; state: 'active' | 'inactive' };
  passwordMatches: boolean;
  /** A new hash with the configured hasher (`to`), when the stored one (`from`) used another algorithm or
   * parameters; stored only if the identity still has `from` (a password changed meanwhile wins). */
  rehash?: { from: string; to: string };
  /** The method that authenticated (default password). */
  method?: 'password' | 'passkey';
  /** What a passkey login changes in its credential (the signature counter), appended with the login. */
  used?: IdentityChange;
  /** Why a failed attempt failed, on its nodes, when the method says more than Kratos's 4000006. */
  refused?: FieldError[];
}

/** Checks an identifier and password with the same work whether or not the identifier exists:
 * an unknown identifier is verified against a dummy hash of the configured algorithm, never a sleep. */
export class PasswordAuthenticator {
  constructor(
    private readonly credentials: CredentialsRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  async authenticate(identifier: string, password: string): Promise<Authentication> {
    const found = await this.credentials.findPassword(normalizeIdentifier(identifier, 'password'));
    if (!found) return { passwordMatches: await this.hasher.verifyDummy(password) };
    const passwordMatches = await this.hasher.verify(found.hashedPassword, password);
    const identity = { id: found.identityId, state: found.state };
    if (!passwordMatches || !this.hasher.needsRehash(found.hashedPassword, password)) return { identity, passwordMatches };
    return { identity, passwordMatches, rehash: { from: found.hashedPassword, to: await this.hasher.hash(password) } };
  }
}

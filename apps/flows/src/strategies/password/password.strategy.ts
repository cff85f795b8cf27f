import { UiText } from '@gatehouse/contracts';
import { PasswordHasher } from './password.hasher';
import { PasswordPolicy } from './password.policy';

/** The password method's two jobs for a new credential: judge it (policy) and hash it (configured hasher). */
export class PasswordStrategy {
  constructor(
    private readonly policy: PasswordPolicy,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The first policy violation for the `password` node, if any (may throw BreachCheckUnavailableError). */
  check(password: string, identifiers: readonly string[]): Promise<UiText | undefined> {
    return this.policy.check(password, identifiers);
  }

  hash(password: string): Promise<string> {
    return this.hasher.hash(password);
  }
}

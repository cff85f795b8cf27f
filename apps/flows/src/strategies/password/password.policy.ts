import { KratosError, Messages, UiText } from '@gatehouse/contracts';
import { BreachCounter, LookupFailure } from './pwned-passwords';
import { tooSimilar } from './similarity';

/** `selfservice.methods.password.config`, as Kratos names the keys. */
export interface PasswordPolicyConfig {
  min_password_length: number;
  max_password_length: number;
  identifier_similarity_check_enabled: boolean;
  haveibeenpwned_enabled: boolean;
  haveibeenpwned_host: string;
  max_breaches: number;
  ignore_network_errors: boolean;
}

/**
 * The breach corpus could not be asked and `ignore_network_errors` is false. A KratosError (502, as Kratos answers),
 * so that it renders as the error envelope when left to propagate.
 */
export class BreachCheckUnavailableError extends KratosError {
  constructor(readonly failure: LookupFailure) {
    super(502, { reason: 'Leaked password server unavailable' });
    this.name = 'BreachCheckUnavailableError';
  }
}

/**
 * Kratos's password policy, checked in its order: minimum length (4000032), maximum length (4000033, also the
 * 72-byte bcrypt limit when the hasher has one), similarity to any identifier (4000031), appearance in data
 * breaches (4000034). Lengths count characters (code points); the byte limit counts UTF-8 bytes.
 */
export class PasswordPolicy {
  constructor(
    private readonly config: PasswordPolicyConfig,
    private readonly breaches: BreachCounter,
    /** `PasswordHasher.maxPasswordBytes`: 72 when bcrypt is configured. */
    private readonly maxPasswordBytes?: number,
  ) {}

  /**
   * The first violation as a message for the `password` node, or undefined when the password may be used.
   * Rejects with BreachCheckUnavailableError when the breach lookup fails and `ignore_network_errors` is false;
   * with `ignore_network_errors` true such a failure accepts the password (and is counted in the metric).
   */
  async check(password: string, identifiers: readonly string[]): Promise<UiText | undefined> {
    const violation = this.checkOffline(password, identifiers);
    if (violation || !this.config.haveibeenpwned_enabled) return violation;
    const lookup = await this.breaches.count(password);
    if (!lookup.available) {
      if (this.config.ignore_network_errors) return undefined;
      throw new BreachCheckUnavailableError(lookup.failure);
    }
    return lookup.count > this.config.max_breaches ? Messages.ErrorValidationPasswordTooManyBreaches(lookup.count) : undefined;
  }

  /** Every rule but the breach lookup: no I/O. */
  checkOffline(password: string, identifiers: readonly string[]): UiText | undefined {
    const lengthViolation = checkPassword(password, this.config);
    if (lengthViolation) return lengthViolation;
    const bytes = Buffer.byteLength(password, 'utf8');
    if (this.maxPasswordBytes !== undefined && bytes > this.maxPasswordBytes) return Messages.ErrorValidationPasswordMaxLength(this.maxPasswordBytes, bytes);
    if (this.config.identifier_similarity_check_enabled && identifiers.some((id) => tooSimilar(id, password))) return Messages.ErrorValidationPasswordIdentifierTooSimilar();
    return undefined;
  }
}

/** The length rules alone (characters). Kept for callers that have not moved to PasswordPolicy yet. */
export function checkPassword(password: string, config: Pick<PasswordPolicyConfig, 'min_password_length' | 'max_password_length'>): UiText | undefined {
  const length = [...password].length;
  if (length < config.min_password_length) return Messages.ErrorValidationPasswordMinLength(config.min_password_length, length);
  if (length > config.max_password_length) return Messages.ErrorValidationPasswordMaxLength(config.max_password_length, length);
  return undefined;
}

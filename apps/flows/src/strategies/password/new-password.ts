import { Messages } from '@gatehouse/contracts';
import type { IdentitySchemas } from '../../schema/identity-schemas';
import { deriveCredentials } from '../../schema/traits';
import { CredentialSubject, NewPassword, Submission } from '../strategy';
import type { PasswordHasher } from './password.hasher';
import type { PasswordPolicy } from './password.policy';

/** A new password, as registration and settings submit it (kratos:selfservice/strategy/password/{registration,
 * settings}.go): required; judged by the policy against the identity's own identifiers (similarity check) and
 * stored as the configured hasher's hash. */
export type NewPasswordSubmit = (input: Record<string, unknown>, subject: CredentialSubject) => Submission<NewPassword>;

export function newPassword(policy: PasswordPolicy, hasher: PasswordHasher, schemas: IdentitySchemas): NewPasswordSubmit {
  return (input, subject) => {
    const { password } = input;
    if (typeof password !== 'string' || password === '') return { fields: [{ node: 'password', message: Messages.ErrorValidationRequired('password') }] };
    return {
      accepted: {
        check: async () => {
          const identifiers = deriveCredentials(schemas.resolve(subject.schemaId), subject.traits).passwordIdentifiers;
          const violation = await policy.check(password, identifiers);
          return violation && { node: 'password', message: violation };
        },
        hash: () => hasher.hash(password),
        // the identifiers are the schema's password identifiers (undefined: the flow derives them)
        configs: async () => ({ type: 'password', config: { hashed_password: await hasher.hash(password) } }),
      },
    };
  };
}

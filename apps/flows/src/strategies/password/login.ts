import { Messages } from '@gatehouse/contracts';
import type { PasswordAuthenticator } from '../../login/login.authenticator';
import type { FieldError } from '../../schema/traits-validator';
import { Submits } from '../strategy';

/** The identifier a login submit names (`identifier`, or Kratos's older `password_identifier`): the form keeps it. */
export function submittedIdentifier(input: Record<string, unknown>): string | undefined {
  if (typeof input.identifier === 'string') return input.identifier;
  return typeof input.password_identifier === 'string' ? input.password_identifier : undefined;
}

/** The password method's login submit (kratos:selfservice/strategy/password/login.go): identifier and password are
 * required; authenticating costs the same whether or not the identifier exists. */
export function passwordLogin(authenticator: PasswordAuthenticator): Submits['login'] {
  return (input) => {
    const identifier = submittedIdentifier(input);
    const password = typeof input.password === 'string' && input.password !== '' ? input.password : undefined;
    if (identifier && password) return { accepted: { authenticate: () => authenticator.authenticate(identifier, password) } };
    const fields: FieldError[] = [];
    if (!identifier) fields.push({ node: 'identifier', message: Messages.ErrorValidationRequired('identifier') });
    if (!password) fields.push({ node: 'password', message: Messages.ErrorValidationRequired('password') });
    return { fields };
  };
}

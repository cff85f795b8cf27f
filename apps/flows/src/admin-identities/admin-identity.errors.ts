import { KratosError } from '@gatehouse/contracts';
import { resourceNotFound } from '../http/answer';
import { isUuid } from '../persistence/flow.repository';
import { Violation } from '../schema/traits-validator';

/** Why the admin decider refused a command; `rejectionError` turns each into Kratos's answer. */
export type AdminIdentityRejection =
  | { reason: 'not_found' }
  | { reason: 'exists' }
  | { reason: 'credential_not_removable'; credentialType: string }
  | { reason: 'credential_not_set_up'; credentialType: string }
  | { reason: 'last_first_factor' }
  | { reason: 'identifier_required'; credentialType: string }
  | { reason: 'identifier_not_found'; credentialType: string; identifier: string };

/** A 4xx as Kratos answers it: herodot's message for the status, the specific text in `reason`. */
const specific = (code: number, text: string) => new KratosError(code, { reason: text });

export function rejectionError(r: AdminIdentityRejection): KratosError {
  switch (r.reason) {
    case 'not_found':
    case 'exists':
      return r.reason === 'not_found' ? notFound() : conflict();
    case 'credential_not_removable':
      return specific(400, `Credentials type ${r.credentialType} cannot be deleted.`);
    case 'credential_not_set_up':
      return specific(404, `You tried to remove a ${r.credentialType} but this user have no ${r.credentialType} set up.`);
    case 'last_first_factor':
      return specific(400, 'You cannot remove the last first factor credential.');
    case 'identifier_required':
      return specific(400, `The query parameter identifier is required to remove a ${r.credentialType} credential.`);
    case 'identifier_not_found':
      return specific(404, `The ${r.credentialType} credential has no identifier ${r.identifier}.`);
  }
}

export const notFound = resourceNotFound;

/** An identity id from the path. Kratos parses it with x.ParseUUID: a malformed id is the nil UUID, which no
 * identity has (404). */
export function identityIdParam(raw: string): string {
  if (!isUuid(raw)) throw notFound();
  return raw.toLowerCase();
}

/** A taken identifier, OIDC subject or external id: what Kratos's admin API answers (herodot's ErrConflict
 * message, the identity-specific reason). */
export const conflict = (): KratosError => new KratosError(409, { reason: 'This identity conflicts with another identity that already exists.' });

export const unknownHashFormat = (): KratosError =>
  specific(400, 'The imported password does not match any known hash format. For more information see https://www.ory.sh/dr/2');

export const invalidState = (state: unknown): KratosError =>
  KratosError.badRequest(`The supplied state ('${String(state)}') was not valid. Valid states are ('active', 'inactive').`);

/** The traits do not validate: Kratos names each error by instance and schema location. */
export function traitsInvalid(violations: readonly Violation[]): KratosError {
  return KratosError.badRequest(violations.map((v) => `I[${v.instancePath}] S[${v.schemaPath}] ${v.error.message.text}`).join('; '));
}

/** Kratos decodes create bodies strictly: an unknown field is a 400 naming it. */
export const malformed = (text: string): KratosError => new KratosError(400, { message: text });

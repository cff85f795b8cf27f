import { randomBytes } from 'node:crypto';
import { KratosError } from '@gatehouse/contracts';
import { IdentitySchemas } from '../schema/identity-schemas';
import { DerivedCredentials, deriveCredentials } from '../schema/traits';
import { PasswordHasher, PasswordNotHashableError } from '../strategies/password/password.hasher';
import { traitsInvalid } from './admin-identity.errors';
import { PasswordInput } from './identity-input';

/** The traits against their identity schema, and what the schema's `ory.sh/kratos` extension derives from them
 * (identifiers, addresses), as registration derives them. KratosError 400 for an unknown schema or bad traits. */
export function validateTraits(schemas: IdentitySchemas, schemaId: string, traits: Record<string, unknown>): DerivedCredentials {
  const schema = schemas.find(schemaId);
  if (!schema) throw KratosError.badRequest(`unable to find JSON Schema ID: ${schemaId}`);
  const violations = schemas.violations(schema, traits);
  if (violations.length > 0) throw traitsInvalid(violations);
  return deriveCredentials(schema, traits);
}

/** The hash to store: an imported one as is (its format was checked), a plaintext one hashed with the configured
 * hasher (no password policy, as Kratos imports). */
export async function passwordHash(hasher: PasswordHasher, password: PasswordInput | undefined): Promise<string | undefined> {
  if (!password) return undefined;
  if ('hashedPassword' in password) return password.hashedPassword;
  try {
    return await hasher.hash(password.password);
  } catch (e) {
    if (e instanceof PasswordNotHashableError) throw KratosError.badRequest(`The password is longer than the ${e.maxBytes} bytes the configured hasher takes.`);
    throw e;
  }
}

/** The salt of a lookup_secret credential an import creates (16 random bytes, base64url). */
export const newLookupSalt = (): string => randomBytes(16).toString('base64url');

import { Injectable } from '@nestjs/common';
import { IdentityView, UiText } from '@gatehouse/contracts';
import { IdentitySchemas } from '../schema/identity-schemas';
import { deriveCredentials } from '../schema/traits';
import { PasswordStrategy } from '../strategies/password/password.strategy';

/** The password method of the settings flow: the policy (with the identity's identifiers for the similarity
 * check, as at registration) and the configured hasher. */
@Injectable()
export class NewPassword {
  constructor(
    private readonly password: PasswordStrategy,
    private readonly schemas: IdentitySchemas,
  ) {}

  check(identity: IdentityView, password: string): Promise<UiText | undefined> {
    const identifiers = deriveCredentials(this.schemas.resolve(identity.schema_id), identity.traits).passwordIdentifiers;
    return this.password.check(password, identifiers);
  }

  hash(password: string): Promise<string> {
    return this.password.hash(password);
  }
}

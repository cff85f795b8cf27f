import { Actor } from '@gatehouse/contracts';
import { CredentialType } from '../identity/credentials.repository';
import { IdentityFacts } from './admin-identity.state';
import type { KeyFacts } from './factor-credentials';

/** Every input a decision needs, already gathered: the identity as the request would leave it (validated, with
 * its ids and addresses resolved), who asks, and the facts about secrets that events never carry. */
export interface CreateIdentity {
  type: 'CreateIdentity';
  identity: IdentityFacts;
  actor: Actor;
  /** The batch of PATCH /admin/identities this creation belongs to. */
  importId?: string;
}

export interface UpdateIdentity {
  type: 'UpdateIdentity';
  identity: IdentityFacts;
  actor: Actor;
  /** Credential types whose secret changed (an imported password): a change the facts cannot show. */
  secretsChanged: CredentialType[];
}

export interface DeleteIdentity {
  type: 'DeleteIdentity';
  identityId: string;
  actor: Actor;
}

export interface RemoveCredential {
  type: 'RemoveCredential';
  identityId: string;
  /** As the path names it (not checked yet). */
  credentialType: string;
  /** The `identifier` query parameter (`<provider>:<subject>` for oidc). */
  identifier?: string;
  /** Whether the password credential holds a hash (only then is it a first factor). */
  passwordSet: boolean;
  /** The identity's passkeys and WebAuthn keys, as their configs count them. */
  keys: KeyFacts;
  actor: Actor;
}

export type AdminIdentityCommand = CreateIdentity | UpdateIdentity | DeleteIdentity | RemoveCredential;

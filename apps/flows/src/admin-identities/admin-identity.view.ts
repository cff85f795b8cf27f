import { CredentialView, IdentityView, schemaUrl } from '@gatehouse/contracts';
import { CredentialType, StoredCredential } from '../persistence/credentials.repository';
import { AdminIdentity } from './identity-record';

/** Kratos's admin identity JSON: credentials with their metadata, and `config` only for the types named by
 * `include_credential` (password: `{hashed_password}`; oidc: `{providers}`); metadata_admin; external_id when set. */
export function adminIdentityView(identity: AdminIdentity, publicBaseUrl: string, includeConfig: readonly string[] = []): IdentityView {
  const credentials: Record<string, CredentialView> = {};
  for (const c of Object.values(identity.credentials)) {
    credentials[c.type] = {
      type: c.type,
      identifiers: c.identifiers,
      version: c.version,
      created_at: c.created_at,
      updated_at: c.updated_at,
      ...(includeConfig.includes(c.type) ? { config: declassified(c) } : {}),
    };
  }
  return {
    id: identity.id,
    schema_id: identity.schema_id,
    schema_url: schemaUrl(publicBaseUrl, identity.schema_id),
    state: identity.state,
    state_changed_at: identity.state_changed_at,
    traits: identity.traits,
    verifiable_addresses: identity.verifiable_addresses.map((a) => ({
      id: a.id,
      value: a.value,
      verified: a.verified,
      via: a.via,
      status: a.status,
      ...(a.verified_at ? { verified_at: a.verified_at } : {}),
      created_at: a.created_at,
      updated_at: a.updated_at,
    })),
    recovery_addresses: identity.recovery_addresses.map((a) => ({ id: a.id, value: a.value, via: a.via, created_at: a.created_at, updated_at: a.updated_at })),
    metadata_public: identity.metadata_public ?? null,
    metadata_admin: identity.metadata_admin ?? null,
    credentials,
    ...(identity.external_id ? { external_id: identity.external_id } : {}),
    created_at: identity.created_at,
    updated_at: identity.updated_at,
    organization_id: null,
  };
}

/** The document a JSON Patch applies to: the admin JSON with the password's config (so that
 * /credentials/password/config/hashed_password can be replaced, as in Kratos). Never answered to anyone. */
export function patchDocument(identity: AdminIdentity, publicBaseUrl: string): IdentityView {
  return adminIdentityView(identity, publicBaseUrl, ['password']);
}

function declassified(c: StoredCredential): Record<string, unknown> {
  const type: CredentialType = c.type;
  if (type === 'password') return typeof c.config.hashed_password === 'string' ? { hashed_password: c.config.hashed_password } : {};
  return { providers: c.config.providers ?? [] };
}

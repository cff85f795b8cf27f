import { IdentityView, adminIdentityView as identityJson } from '@gatehouse/contracts';
import { CredentialType, StoredCredential } from '../identity/credentials.repository';
import { AdminIdentity } from './identity-record';

/** Kratos's admin identity JSON: credentials with their metadata, and `config` only for the types named by
 * `include_credential` (password: `{hashed_password}`; oidc: `{providers}`); metadata_admin; external_id when set. */
export function adminIdentityView(identity: AdminIdentity, publicBaseUrl: string, includeConfig: readonly string[] = []): IdentityView {
  const credentials = Object.values(identity.credentials).map((c) => ({
    type: c.type,
    identifiers: c.identifiers,
    version: c.version,
    created_at: c.created_at,
    updated_at: c.updated_at,
    ...(includeConfig.includes(c.type) ? { config: declassified(c) } : {}),
  }));
  return identityJson({ ...identity, credentials }, publicBaseUrl);
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

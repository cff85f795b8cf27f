import { IdentityView, adminIdentityView as identityJson } from '@gatehouse/contracts';
import { CredentialType, StoredCredential } from '../identity/credentials.repository';
import { declassifiedFactor } from './factor-credentials';
import { AdminIdentity } from './identity-record';

/** Kratos's admin identity JSON: credentials with their metadata (by type, in the order Go writes map keys), and
 * `config` only for the types named by `include_credential` (password: `{hashed_password}`; oidc: `{providers}`;
 * the others without their secrets, see declassifiedFactor); metadata_admin; external_id when set. */
export function adminIdentityView(identity: AdminIdentity, publicBaseUrl: string, includeConfig: readonly string[] = []): IdentityView {
  const stored = Object.values(identity.credentials).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const credentials = stored.map((c) => ({
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
  if (type === 'oidc') return { providers: c.config.providers ?? [] };
  return declassifiedFactor(c);
}

import type { WebAuthnConfig, WebAuthnKey } from '../../identity/credential-configs';
import { IdentitySchema, traitFields } from '../../schema/identity-schema';
import { getPath } from '../../schema/traits';
import type { Credentials } from '../strategy';

/** An identity's webauthn or passkey credential: its identifiers and keys (none when it has no such credential). */
export interface KeyCredential {
  identifiers: string[];
  config: WebAuthnConfig;
}

export function keyCredential(credentials: Credentials, type: 'webauthn' | 'passkey'): KeyCredential | undefined {
  const c = credentials[type];
  if (!c) return undefined;
  const config = c.config as Partial<WebAuthnConfig>;
  const keys = Array.isArray(config.credentials) ? (config.credentials as WebAuthnKey[]) : [];
  return { identifiers: c.identifiers, config: { credentials: keys, user_handle: typeof config.user_handle === 'string' ? config.user_handle : '' } };
}

/** How many ways the identity can sign in with as a first factor (Kratos's CountActiveFirstFactorCredentials over
 * the password, oidc, webauthn and passkey strategies): a key is removable only while another one remains. */
export function countFirstFactors(credentials: Credentials): number {
  const hasIdentifiers = (ids: string[] | undefined) => (ids ?? []).join('') !== '';
  let count = 0;
  const password = credentials.password;
  if (password && hasIdentifiers(password.identifiers) && typeof password.config.hashed_password === 'string' && password.config.hashed_password !== '') count++;
  const oidc = credentials.oidc;
  if (oidc) {
    const providers = Array.isArray(oidc.config.providers) ? (oidc.config.providers as Array<{ provider?: string; subject?: string; organization?: string }>) : [];
    for (const identifier of oidc.identifiers) {
      const at = identifier.indexOf(':');
      if (at < 0) continue;
      const [provider, subject] = [identifier.slice(0, at), identifier.slice(at + 1)];
      count += providers.filter((p) => p.provider === provider && p.subject === subject && p.subject !== '' && p.provider !== '' && !p.organization).length;
    }
  }
  const webauthn = keyCredential(credentials, 'webauthn');
  if (webauthn && hasIdentifiers(webauthn.identifiers)) count += webauthn.config.credentials.filter((k) => k.is_passwordless).length;
  const passkey = keyCredential(credentials, 'passkey');
  if (passkey && hasIdentifiers(passkey.identifiers)) count += passkey.config.credentials.length;
  return count;
}

/** The `ory.sh/kratos` extension's webauthn and passkey settings on a trait (the shared type names password and code only). */
interface KeyExtension {
  credentials?: { webauthn?: { identifier?: boolean }; passkey?: { display_name?: boolean } };
}

function traitValues(schema: IdentitySchema, traits: Record<string, unknown>, pick: (ext: KeyExtension) => boolean | undefined): string[] {
  const out: string[] = [];
  for (const field of traitFields(schema)) {
    const ext = field.schema['ory.sh/kratos'] as KeyExtension | undefined;
    const raw = getPath(traits, field.path);
    if (ext && pick(ext) && (typeof raw === 'string' || typeof raw === 'number') && String(raw) !== '') out.push(String(raw));
  }
  return out;
}

/** The webauthn credential's identifiers: the traits marked `credentials.webauthn.identifier`, lower-cased, once each. */
export function webauthnIdentifiers(schema: IdentitySchema, traits: Record<string, unknown>): string[] {
  return [...new Set(traitValues(schema, traits, (e) => e.credentials?.webauthn?.identifier).map((v) => v.toLowerCase()))];
}

/** The name a passkey is registered under in the browser (Kratos's PasskeyDisplayNameFromIdentity): the trait marked
 * `credentials.passkey.display_name`, else the webauthn identifier; '' when the schema marks neither. */
export function passkeyDisplayName(schema: IdentitySchema, traits: Record<string, unknown>): string {
  const names = traitValues(schema, traits, (e) => e.credentials?.passkey?.display_name);
  return names.at(-1) ?? webauthnIdentifiers(schema, traits).at(-1) ?? '';
}

/** The trait whose value names a new passkey in the browser (Kratos's PasskeyDisplayNameFromSchema, the
 * `displayNameFieldName` of a registration's create data): `traits.<path>` of the display-name trait, else of the
 * webauthn identifier; '' when the schema marks neither. */
export function passkeyDisplayNameField(schema: IdentitySchema): string {
  const marked = (pick: (ext: KeyExtension) => boolean | undefined) =>
    traitFields(schema).filter((f) => {
      const ext = f.schema['ory.sh/kratos'] as KeyExtension | undefined;
      return ext !== undefined && pick(ext) === true;
    });
  const field = marked((e) => e.credentials?.passkey?.display_name).at(-1) ?? marked((e) => e.credentials?.webauthn?.identifier).at(-1);
  return field ? `traits.${field.path}` : '';
}

import { KratosError } from '@gatehouse/contracts';
import { isKnownHashFormat } from '../strategies/password/stored-hash';
import { invalidState, malformed, unknownHashFormat } from './admin-identity.errors';
import { LookupCodeInput, parseLookupImport, parseTotpImport } from './factor-credentials';
import { omit } from './omit';

export interface OidcProvider {
  provider: string;
  subject: string;
}

/** An address as an import may bring it: its verification state overrides the derived address of the same value. */
export interface GivenVerifiableAddress {
  value: string;
  via: 'email' | 'sms';
  verified?: boolean;
  status?: 'pending' | 'sent' | 'completed';
  verified_at?: string;
}

export type PasswordInput = { password: string } | { hashedPassword: string };

/** A create, update or patched identity as the admin API received it, checked for shape (not yet against the
 * identity schema). `schemaId` and `state` undefined: keep the identity's. */
export interface IdentityInput {
  schemaId?: string;
  traits: Record<string, unknown>;
  state?: 'active' | 'inactive';
  metadataPublic: unknown;
  metadataAdmin: unknown;
  externalId?: string;
  verifiableAddresses?: GivenVerifiableAddress[];
  password?: PasswordInput;
  oidc?: OidcProvider[];
  /** An imported TOTP app (replaces the identity's). */
  totp?: { totpUrl: string };
  /** Imported lookup codes, in the clear until hashed (added to the identity's). */
  lookupSecret?: LookupCodeInput[];
}

const CREATE_FIELDS = new Set(['schema_id', 'traits', 'state', 'metadata_public', 'metadata_admin', 'external_id', 'organization_id', 'verifiable_addresses', 'recovery_addresses', 'credentials']);
/** Kratos imports all of these (identity/handler_import.go); webauthn and passkey keys come only from settings here. */
const IMPORTABLE = new Set(['password', 'oidc', 'totp', 'lookup_secret']);
const KNOWN_CREDENTIALS = new Set(['password', 'oidc', 'saml', 'totp', 'lookup_secret', 'webauthn', 'passkey', 'code']);

/** createIdentityBody (POST, and each `create` of a batch): decoded strictly, as Kratos does. */
export function parseCreateBody(body: unknown): IdentityInput {
  const o = object(body, 'the request body');
  for (const key of Object.keys(o)) if (!CREATE_FIELDS.has(key)) throw malformed(`json: unknown field "${key}"`);
  if (typeof o.schema_id !== 'string' || o.schema_id === '') throw KratosError.badRequest('schema_id is required');
  if (o.organization_id !== undefined && o.organization_id !== null) throw KratosError.badRequest('organizations are not supported');
  return { ...common(o), schemaId: o.schema_id, ...addresses(o.verifiable_addresses) };
}

/** updateIdentityBody (PUT): an empty schema_id or state keeps the identity's, as Kratos does. */
export function parseUpdateBody(body: unknown): IdentityInput {
  const o = object(body, 'the request body');
  if (o.schema_id !== undefined && typeof o.schema_id !== 'string') throw KratosError.badRequest('schema_id must be a string');
  return { ...common(o), ...(o.schema_id ? { schemaId: o.schema_id as string } : {}) };
}

/** The admin JSON after a JSON Patch: everything PUT takes, plus the addresses (their verification state) and a
 * password set through /credentials/password/config. */
export function parsePatchedDocument(doc: unknown, originalHash: string | undefined): IdentityInput {
  const o = object(doc, 'the patched identity');
  if (typeof o.schema_id !== 'string' || o.schema_id === '') throw KratosError.badRequest('schema_id must be a non-empty string');
  const input: IdentityInput = { ...common(omit(o, 'credentials')), schemaId: o.schema_id, ...addresses(o.verifiable_addresses) };
  const config = (o.credentials as { password?: { config?: Record<string, unknown> } } | undefined)?.password?.config;
  if (config && typeof config.password === 'string' && config.password !== '') input.password = { password: config.password };
  else if (config && config.hashed_password !== originalHash) input.password = passwordInput({ hashed_password: config.hashed_password });
  return input;
}

function common(o: Record<string, unknown>): Omit<IdentityInput, 'schemaId' | 'verifiableAddresses'> {
  const traits = object(o.traits, 'traits');
  if (o.state !== undefined && o.state !== '' && o.state !== 'active' && o.state !== 'inactive') throw invalidState(o.state);
  if (o.external_id !== undefined && o.external_id !== null && typeof o.external_id !== 'string') throw KratosError.badRequest('external_id must be a string');
  const input: Omit<IdentityInput, 'schemaId' | 'verifiableAddresses'> = {
    traits,
    metadataPublic: o.metadata_public ?? null,
    metadataAdmin: o.metadata_admin ?? null,
    ...(o.state ? { state: o.state as 'active' | 'inactive' } : {}),
    ...(typeof o.external_id === 'string' && o.external_id !== '' ? { externalId: o.external_id } : {}),
  };
  if (o.credentials === undefined || o.credentials === null) return input;
  const credentials = object(o.credentials, 'credentials');
  for (const type of Object.keys(credentials)) {
    if (!KNOWN_CREDENTIALS.has(type)) throw malformed(`json: unknown field "${type}"`);
    if (!IMPORTABLE.has(type) && credentials[type] !== null) throw KratosError.badRequest(`Importing ${type} credentials is not supported.`);
  }
  if (credentials.password) input.password = passwordInput(object(object(credentials.password, 'credentials.password').config ?? {}, 'credentials.password.config'));
  if (credentials.oidc) input.oidc = oidcProviders(object(object(credentials.oidc, 'credentials.oidc').config ?? {}, 'credentials.oidc.config'));
  if (credentials.totp) input.totp = parseTotpImport(object(object(credentials.totp, 'credentials.totp').config ?? {}, 'credentials.totp.config'));
  if (credentials.lookup_secret) input.lookupSecret = parseLookupImport(object(object(credentials.lookup_secret, 'credentials.lookup_secret').config ?? {}, 'credentials.lookup_secret.config'));
  return input;
}

/** A plaintext password (hashed with the configured hasher, no policy check) or a hash in a known format. */
function passwordInput(config: Record<string, unknown>): PasswordInput {
  if (typeof config.password === 'string' && config.password !== '') return { password: config.password };
  if (config.use_password_migration_hook === true) throw KratosError.badRequest('The password migration hook is not supported.');
  if (typeof config.hashed_password !== 'string' || !isKnownHashFormat(config.hashed_password)) throw unknownHashFormat();
  return { hashedPassword: config.hashed_password };
}

function oidcProviders(config: Record<string, unknown>): OidcProvider[] {
  if (!Array.isArray(config.providers)) throw KratosError.badRequest('credentials.oidc.config.providers must be an array');
  const out: OidcProvider[] = [];
  for (const p of config.providers) {
    const { provider, subject, organization } = object(p, 'an oidc provider');
    if (typeof provider !== 'string' || provider === '' || typeof subject !== 'string' || subject === '') throw KratosError.badRequest('an oidc provider needs a provider and a subject');
    if (organization !== undefined && organization !== null) throw KratosError.badRequest('organizations are not supported');
    if (!out.some((o) => o.provider === provider && o.subject === subject)) out.push({ provider, subject });
  }
  return out;
}

function addresses(raw: unknown): { verifiableAddresses?: GivenVerifiableAddress[] } {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw KratosError.badRequest('verifiable_addresses must be an array');
  return {
    verifiableAddresses: raw.map((a) => {
      const { value, via, verified, status, verified_at } = object(a, 'a verifiable address');
      if (typeof value !== 'string' || (via !== 'email' && via !== 'sms')) throw KratosError.badRequest('a verifiable address needs a value and via (email or sms)');
      if (verified !== undefined && typeof verified !== 'boolean') throw KratosError.badRequest('verified must be a boolean');
      if (status !== undefined && status !== 'pending' && status !== 'sent' && status !== 'completed') throw KratosError.badRequest('status must be pending, sent or completed');
      if (verified_at !== undefined && verified_at !== null && (typeof verified_at !== 'string' || Number.isNaN(Date.parse(verified_at)))) throw KratosError.badRequest('verified_at must be a date-time');
      return {
        value,
        via,
        ...(verified !== undefined ? { verified } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(typeof verified_at === 'string' ? { verified_at: new Date(verified_at).toISOString() } : {}),
      };
    }),
  };
}

function object(v: unknown, what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw KratosError.badRequest(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

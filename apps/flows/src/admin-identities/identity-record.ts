import { CredentialsRemoved, IdentityView, VerifiableAddressView } from '@gatehouse/contracts';
import { claimKey } from '@gatehouse/eventsourcing';
import { CredentialType, EXTERNAL_ID_CLAIM, OIDC_IDENTIFIER_CLAIM, PASSWORD_IDENTIFIER_CLAIM, StoredCredential } from '../identity/credentials.repository';
import { Address, DerivedCredentials } from '../schema/traits';
import { sameJson } from './admin-identity.decide';
import { IdentityFacts } from './admin-identity.state';
import { lookupSecretConfig, totpConfig, withoutSecondFactorKeys } from './factor-credentials';
import { GivenVerifiableAddress, IdentityInput, OidcProvider } from './identity-input';
import { omit } from './omit';

/** The write side's whole identity: its row in `identities` and its credentials with their secrets. */
export interface AdminIdentity extends Omit<IdentityView, 'schema_url' | 'credentials' | 'metadata_admin'> {
  metadata_admin: unknown;
  credentials: Partial<Record<CredentialType, StoredCredential>>;
}

export interface BuildContext {
  id: string;
  now: Date;
  newId: () => string;
  /** The password to store: imported as is, or the configured hasher's hash of a plaintext one. */
  hashedPassword?: string;
  /** The salt (base64url) of a lookup_secret credential the input creates (an existing one keeps its own). */
  lookupSalt?: string;
}

/** The identity a create (current null) or an update leaves: addresses and password identifiers derived from the
 * traits by the schema's `ory.sh/kratos` extension (Kratos keeps only addresses the schema derives, with the
 * verification state an import gives them), OIDC providers added, a TOTP app replaced and lookup codes added (both
 * identified by the identity id, as Kratos's persister sets them), every other credential kept (Kratos's PUT keeps
 * the credentials its body does not name), unchanged parts kept with their timestamps. */
export function buildIdentity(input: IdentityInput, schemaId: string, derived: DerivedCredentials, current: AdminIdentity | null, ctx: BuildContext): AdminIdentity {
  const at = ctx.now.toISOString();
  const state = input.state ?? current?.state ?? 'active';
  const credentials: AdminIdentity['credentials'] = {};
  const password = current?.credentials.password;
  if (derived.passwordIdentifiers.length > 0 || password || ctx.hashedPassword) {
    const config = ctx.hashedPassword ? { hashed_password: ctx.hashedPassword } : (password?.config ?? {});
    credentials.password = credential(ctx.id, 'password', derived.passwordIdentifiers, config, password, at);
  }
  for (const c of Object.values(current?.credentials ?? {})) if (c.type !== 'password' && c.type !== 'oidc') credentials[c.type] = c;
  const totp = current?.credentials.totp;
  if (input.totp) credentials.totp = credential(ctx.id, 'totp', [ctx.id], { ...totpConfig(totp?.config, input.totp.totpUrl) }, totp, at);
  const lookup = current?.credentials.lookup_secret;
  if (input.lookupSecret) {
    const salt = lookup?.config.salt ?? ctx.lookupSalt;
    if (typeof salt !== 'string') throw new Error('lookup codes to import but no salt');
    credentials.lookup_secret = credential(ctx.id, 'lookup_secret', [ctx.id], { ...lookupSecretConfig(lookup?.config, salt, input.lookupSecret) }, lookup, at);
  }
  const oidc = current?.credentials.oidc;
  const providers = [...((oidc?.config.providers as OidcProvider[] | undefined) ?? [])];
  for (const p of input.oidc ?? []) if (!providers.some((o) => o.provider === p.provider && o.subject === p.subject)) providers.push(p);
  if (providers.length > 0) credentials.oidc = credential(ctx.id, 'oidc', providers.map(oidcIdentifier), { providers }, oidc, at);
  return {
    id: ctx.id,
    schema_id: schemaId,
    state,
    state_changed_at: current && current.state === state ? current.state_changed_at : at,
    traits: input.traits,
    verifiable_addresses: derived.verifiableAddresses.map((a) => verifiable(a, input.verifiableAddresses, current?.verifiable_addresses ?? [], at, ctx.newId)),
    recovery_addresses: derived.recoveryAddresses.map((a) => same(current?.recovery_addresses ?? [], a) ?? { id: ctx.newId(), value: a.value, via: a.via, created_at: at, updated_at: at }),
    metadata_public: input.metadataPublic ?? null,
    metadata_admin: input.metadataAdmin ?? null,
    ...(input.externalId ? { external_id: input.externalId } : {}),
    credentials,
    created_at: current?.created_at ?? at,
    updated_at: at,
    organization_id: null,
  };
}

/** The identity after CredentialsRemoved: the credential without the removed identifiers (OIDC and SAML: their
 * providers; webauthn: its second-factor keys), or gone. */
export function withoutCredential(identity: AdminIdentity, removed: CredentialsRemoved.V1.Data, now: Date): AdminIdentity {
  const type = removed.type as CredentialType;
  const { [type]: credential, ...others } = identity.credentials;
  const at = now.toISOString();
  const next: AdminIdentity = { ...identity, credentials: others, updated_at: at };
  if (credential && removed.remaining_identifiers.length > 0) {
    next.credentials[type] = { ...credential, identifiers: removed.remaining_identifiers, config: remainingConfig(credential, removed.remaining_identifiers), updated_at: at };
  }
  return next;
}

function remainingConfig(credential: StoredCredential, remaining: readonly string[]): Record<string, unknown> {
  if (credential.type === 'webauthn') return withoutSecondFactorKeys(credential.config);
  if (!Array.isArray(credential.config.providers)) return credential.config;
  return { ...credential.config, providers: (credential.config.providers as OidcProvider[]).filter((p) => remaining.includes(oidcIdentifier(p))) };
}

/** The credential types whose secret part an update changes (a change the facts cannot show): each whose config
 * differs, and the password whenever one was imported. */
export function secretsChanged(current: AdminIdentity, next: AdminIdentity, passwordImported: boolean): CredentialType[] {
  const types = [...new Set([...Object.keys(current.credentials), ...Object.keys(next.credentials)])] as CredentialType[];
  const changed = types.filter((t) => current.credentials[t] && next.credentials[t] && !sameJson(current.credentials[t]!.config, next.credentials[t]!.config));
  return passwordImported && !changed.includes('password') ? [...changed, 'password'] : changed;
}

/** What the decider and the events know of an identity (no secret, no timestamps). */
export function factsOf(identity: AdminIdentity): IdentityFacts {
  return {
    identity_id: identity.id,
    schema_id: identity.schema_id,
    state: identity.state,
    traits: identity.traits,
    metadata_public: identity.metadata_public ?? null,
    metadata_admin: identity.metadata_admin ?? null,
    ...(identity.external_id ? { external_id: identity.external_id } : {}),
    verifiable_addresses: identity.verifiable_addresses.map((a) => ({ id: a.id, value: a.value, via: a.via, verified: a.verified, status: a.status, verified_at: a.verified_at ?? null })),
    recovery_addresses: identity.recovery_addresses.map((a) => ({ id: a.id, value: a.value, via: a.via })),
    credentials: Object.fromEntries(Object.values(identity.credentials).map((c) => [c.type, { identifiers: c.identifiers, version: c.version }])),
  };
}

export interface Claim {
  kind: string;
  value: string;
}

/** The unique values an identity holds: its password identifiers, OIDC subjects and external id. */
export function claimsOf(identity: AdminIdentity | null): Claim[] {
  if (!identity) return [];
  return [
    ...(identity.credentials.password?.identifiers ?? []).map((value) => ({ kind: PASSWORD_IDENTIFIER_CLAIM, value })),
    ...(identity.credentials.oidc?.identifiers ?? []).map((value) => ({ kind: OIDC_IDENTIFIER_CLAIM, value })),
    ...(identity.external_id ? [{ kind: EXTERNAL_ID_CLAIM, value: identity.external_id }] : []),
  ];
}

export { claimKey };

/** Kratos's OIDCUniqueID. */
export const oidcIdentifier = (p: OidcProvider): string => `${p.provider}:${p.subject}`;

function credential(identityId: string, type: CredentialType, identifiers: string[], config: Record<string, unknown>, current: StoredCredential | undefined, at: string): StoredCredential {
  const unchanged = current && sameJson(current.identifiers, identifiers) && sameJson(current.config, config);
  return { identity_id: identityId, type, identifiers, config, version: current?.version ?? 0, created_at: current?.created_at ?? at, updated_at: unchanged ? current.updated_at : at };
}

function same<T extends { value: string; via: string }>(list: readonly T[], a: Address): T | undefined {
  return list.find((x) => x.via === a.via && x.value.toLowerCase() === a.value.toLowerCase());
}

/** An existing address keeps its id and state; a given one (import, patch) sets verified/status/verified_at. */
function verifiable(a: Address, given: readonly GivenVerifiableAddress[] | undefined, existing: readonly VerifiableAddressView[], at: string, newId: () => string): VerifiableAddressView {
  const base: VerifiableAddressView = same(existing, a) ?? { id: newId(), value: a.value, verified: false, via: a.via, status: 'pending', created_at: at, updated_at: at };
  const g = given && same(given, a);
  if (!g) return base;
  const verified = g.verified ?? base.verified;
  const status = g.status ?? (verified ? 'completed' : base.status);
  const verifiedAt = verified ? (g.verified_at ?? base.verified_at ?? at) : undefined;
  const next: VerifiableAddressView = { ...omit(base, 'verified_at'), verified, status, ...(verifiedAt ? { verified_at: verifiedAt } : {}) };
  const changed = next.verified !== base.verified || next.status !== base.status || next.verified_at !== base.verified_at;
  return changed ? { ...next, updated_at: at } : base;
}

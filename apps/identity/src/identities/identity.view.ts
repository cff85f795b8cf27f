import { IdentityView, schemaUrl } from '@gatehouse/contracts';
import { IdentityRow } from '../projections/identity.projection';

/** Kratos's admin identity JSON (credentials without `config`, metadata_admin included, external_id when set).
 * `credentials: false` leaves them out, as Kratos's list does without include_credential (ExpandDefault). */
export function toAdminIdentityView(row: IdentityRow, publicBaseUrl: string, options: { credentials?: boolean } = {}): IdentityView {
  const view = toView(row, publicBaseUrl);
  if (options.credentials === false) delete view.credentials;
  return view;
}

function toView(row: IdentityRow, publicBaseUrl: string): IdentityView {
  return {
    id: row.id,
    schema_id: row.schema_id,
    schema_url: schemaUrl(publicBaseUrl, row.schema_id),
    state: row.state,
    state_changed_at: row.state_changed_at,
    traits: row.traits,
    verifiable_addresses: row.verifiable_addresses.map((a) => ({
      id: a.id,
      value: a.value,
      verified: a.verified,
      via: a.via,
      status: a.status,
      ...(a.verified_at ? { verified_at: a.verified_at } : {}),
      created_at: a.created_at,
      updated_at: a.updated_at,
    })),
    recovery_addresses: row.recovery_addresses.map((a) => ({ id: a.id, value: a.value, via: a.via, created_at: a.created_at, updated_at: a.updated_at })),
    metadata_public: row.metadata_public ?? null,
    metadata_admin: row.metadata_admin ?? null,
    credentials: Object.fromEntries(
      row.credentials.map((c) => [c.type, { type: c.type, identifiers: c.identifiers, version: c.version, created_at: c.created_at, updated_at: c.updated_at }]),
    ),
    ...(row.external_id ? { external_id: row.external_id } : {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
    organization_id: null,
  };
}

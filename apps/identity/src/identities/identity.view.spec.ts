import { identityRegistered } from '@gatehouse/testing';
import { evolve, IdentityRow } from '../projections/identity.projection';
import { toAdminIdentityView } from './identity.view';

describe('toAdminIdentityView', () => {
  const row = evolve(null, identityRegistered({ email: 'ada@example.com' })) as IdentityRow;

  it('renders Kratos admin JSON: schema_url from the public base url, null metadata, credentials without config', () => {
    const view = toAdminIdentityView(row, 'https://auth.example.com/');
    expect(view.schema_url).toBe('https://auth.example.com/schemas/ZGVmYXVsdA');
    expect(view).toMatchObject({ metadata_public: null, metadata_admin: null, organization_id: null });
    expect(view.credentials).toEqual({
      password: { type: 'password', identifiers: ['ada@example.com'], version: 0, created_at: row.created_at, updated_at: row.updated_at },
    });
  });

  it('omits verified_at until the address is verified', () => {
    expect(toAdminIdentityView(row, 'http://x/').verifiable_addresses[0]).not.toHaveProperty('verified_at');
    const verified = { ...row, verifiable_addresses: [{ ...row.verifiable_addresses[0], verified: true, status: 'completed' as const, verified_at: '2030-02-01T00:00:00.000Z' }] };
    expect(toAdminIdentityView(verified, 'http://x/').verifiable_addresses[0]).toMatchObject({ verified: true, verified_at: '2030-02-01T00:00:00.000Z' });
  });

  it('shows external_id only when set, and metadata_admin as stored', () => {
    expect(toAdminIdentityView(row, 'http://x/')).not.toHaveProperty('external_id');
    const imported = { ...row, external_id: 'crm-7', metadata_admin: { crm_id: 7 } };
    expect(toAdminIdentityView(imported, 'http://x/')).toMatchObject({ external_id: 'crm-7', metadata_admin: { crm_id: 7 } });
  });
});

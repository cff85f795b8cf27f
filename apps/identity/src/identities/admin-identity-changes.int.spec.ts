import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@gatehouse/contracts';
import { expectKratosShape } from '@gatehouse/testing';
import { credentialsRemoved, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from '../../test/admin-events';
import { IdentityServiceHarness } from '../../test/service-harness';

type Identity = Record<string, any>;

describe('admin identity changes through the read model (service in-process, real Postgres + Kafka)', () => {
  const h = new IdentityServiceHarness('idchanges');
  const schema = h.schema;
  const externalId = `crm/${randomUUID()}`;
  const created = identityCreated({ externalId, occurredAt: '2030-02-01T00:00:00.000Z' });
  const d = created.data;
  const id = d.identity_id;

  const get = (path: string) => fetch(`${h.url}${path}`);
  const identity = async (path = `/admin/identities/${id}`): Promise<Identity> => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Identity;
    expectKratosShape('identity', body);
    return body;
  };
  const applied = (...events: EventEnvelope[]) => h.applied(...events);

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('IdentityCreated: the identity with external_id, metadata_admin, verified addresses and every credential type', async () => {
    await applied(created);
    const body = await identity();
    expect(body).toMatchObject({
      id,
      state: 'active',
      traits: d.traits,
      external_id: externalId,
      metadata_public: { plan: 'free' },
      metadata_admin: { crm_id: 42, tags: ['imported'] },
      created_at: '2030-02-01T00:00:00.000Z',
    });
    expect(body.verifiable_addresses).toEqual([
      {
        id: d.verifiable_addresses[0].id,
        value: d.verifiable_addresses[0].value,
        via: 'email',
        verified: true,
        status: 'completed',
        verified_at: '2029-06-01T10:00:00.000Z',
        created_at: '2030-02-01T00:00:00.000Z',
        updated_at: '2030-02-01T00:00:00.000Z',
      },
    ]);
    expect(Object.keys(body.credentials).sort()).toEqual(['oidc', 'password']);
    expect(body.credentials.oidc).toMatchObject({ type: 'oidc', identifiers: d.credentials.oidc.identifiers, version: 0 });
  });

  it('GET by external id (admin and legacy path) answers the same identity; an unknown external id is a 404', async () => {
    const byId = await identity();
    expect(await identity(`/admin/identities/by/external/${encodeURIComponent(externalId)}`)).toEqual(byId);
    expect(await identity(`/identities/by/external/${encodeURIComponent(externalId)}`)).toEqual(byId);
    const res = await get('/admin/identities/by/external/nobody');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 404, status: 'Not Found', message: expect.any(String) } });
  });

  it('IdentityUpdated, IdentityStateChanged and CredentialsRemoved show in the next GET', async () => {
    const newExternalId = `crm/${randomUUID()}`;
    await applied(
      identityUpdated(
        created,
        { traits: { email: 'grace.v2@example.com' }, metadata_admin: { crm_id: 43 }, external_id: newExternalId },
        { streamVersion: 2, occurredAt: '2030-02-02T00:00:00.000Z' },
      ),
    );
    expect(await identity()).toMatchObject({ traits: { email: 'grace.v2@example.com' }, metadata_admin: { crm_id: 43 }, external_id: newExternalId, updated_at: '2030-02-02T00:00:00.000Z' });
    expect((await get(`/admin/identities/by/external/${encodeURIComponent(externalId)}`)).status).toBe(404);
    expect((await identity(`/admin/identities/by/external/${encodeURIComponent(newExternalId)}`)).id).toBe(id);

    await applied(identityStateChanged(created, 'inactive', { streamVersion: 3, occurredAt: '2030-02-03T00:00:00.000Z' }));
    expect(await identity()).toMatchObject({ state: 'inactive', state_changed_at: '2030-02-03T00:00:00.000Z' });

    await applied(credentialsRemoved(created, 'oidc', d.credentials.oidc.identifiers, [], { streamVersion: 4 }));
    expect(Object.keys((await identity()).credentials)).toEqual(['password']);
  });

  it('IdentityDeleted: 404 by id and by external id, and gone from the list', async () => {
    const external = (await identity()).external_id as string;
    await applied(identityDeleted(created, { streamVersion: 5 }));
    for (const path of [`/admin/identities/${id}`, `/admin/identities/by/external/${encodeURIComponent(external)}`]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 404, status: 'Not Found', message: expect.any(String) } });
    }
    const list = (await (await get(`/admin/identities?ids=${id}`)).json()) as unknown[];
    expect(list).toEqual([]);
    expect(await schema.rows('identity_credentials', 'identity_id')).toEqual([]);
  });
});

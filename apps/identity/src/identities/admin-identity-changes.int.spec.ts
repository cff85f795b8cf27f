import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic, expectKratosShape } from '@gatehouse/testing';
import { credentialsRemoved, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from '../../test/admin-events';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { RunningIdentity, startIdentity } from '../app';
import { migrateIdentity } from '../migrate';

type Identity = Record<string, any>;

describe('admin identity changes through the read model (service in-process, real Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idchanges');
  const config = identityTestConfig('idchanges', topic.name);
  const schema = new TestSchema(config);
  const externalId = `crm/${randomUUID()}`;
  const created = identityCreated({ externalId, occurredAt: '2030-02-01T00:00:00.000Z' });
  const d = created.data;
  const id = d.identity_id;
  let service: RunningIdentity;

  const get = (path: string) => fetch(`${service.url}${path}`);
  const identity = async (path = `/admin/identities/${id}`): Promise<Identity> => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Identity;
    expectKratosShape('identity', body);
    return body;
  };
  /** Publishes the events and waits, as the gateway does, until the projection applied them. */
  const applied = async (...events: EventEnvelope[]) => {
    await topic.publish(...events);
    const last = events[events.length - 1];
    const res = await fetch(`${service.url}/internal/await`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: [`${last.streamId}@${last.streamVersion}`], timeout_ms: 15_000 }),
    });
    expect(await res.json()).toEqual({ caught_up: true });
  };

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create()]);
    service = await startIdentity(config, { logLevels: ['error'] });
  });

  afterAll(async () => {
    await service?.close();
    await topic.delete();
    await schema.close();
  });

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

import { ScratchTopic, identityRegistered, waitFor } from '@gatehouse/testing';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { RunningIdentity, startIdentity } from '../app';
import { migrateIdentity } from '../migrate';

const NO_CACHE = 'private, no-cache, no-store, must-revalidate';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('GET /admin/identities/:id (service in-process, real Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idadmin');
  const config = identityTestConfig('idadmin', topic.name);
  const schema = new TestSchema(config);
  const registered = identityRegistered({ email: 'ada@example.com' });
  let service: RunningIdentity;

  const get = (path: string) => fetch(`${service.url}${path}`);

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create()]);
    service = await startIdentity(config, { logLevels: ['error'] });
    await topic.publish(registered);
  });

  afterAll(async () => {
    await service?.close();
    await topic.delete();
    await schema.close();
  });

  it('returns the registered identity in Kratos shape', async () => {
    const id = registered.data.identity_id;
    const res = await waitFor(async () => {
      const r = await get(`/admin/identities/${id}`);
      return r.status === 200 ? r : undefined;
    }, { timeoutMs: 15_000, what: 'the projected identity' });

    expect(res.headers.get('cache-control')).toBe(NO_CACHE);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      [
        'id', 'schema_id', 'schema_url', 'state', 'state_changed_at', 'traits', 'verifiable_addresses', 'recovery_addresses',
        'metadata_public', 'metadata_admin', 'credentials', 'created_at', 'updated_at', 'organization_id',
      ].sort(),
    );
    expect(body).toMatchObject({
      id,
      schema_id: 'default',
      schema_url: 'http://127.0.0.1:4433/schemas/ZGVmYXVsdA',
      state: 'active',
      traits: { email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' } },
      metadata_public: null,
      metadata_admin: null,
      organization_id: null,
      created_at: registered.occurredAt,
      updated_at: registered.occurredAt,
      state_changed_at: registered.occurredAt,
    });
    expect(body.verifiable_addresses).toEqual([
      { id: registered.data.verifiable_addresses[0].id, value: 'ada@example.com', verified: false, via: 'email', status: 'sent', created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) },
    ]);
    expect(body.recovery_addresses).toEqual([
      { id: expect.stringMatching(UUID), value: 'ada@example.com', via: 'email', created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) },
    ]);
    // admin view: credential metadata, never a config or hash
    expect(body.credentials).toEqual({
      password: { type: 'password', identifiers: ['ada@example.com'], version: 0, created_at: expect.stringMatching(ISO), updated_at: expect.stringMatching(ISO) },
    });

    const legacy = await get(`/identities/${id}`);
    expect(legacy.status).toBe(200);
    expect(await legacy.json()).toEqual(body);
  });

  it.each([
    ['an unknown id', '/admin/identities/00000000-0000-4000-8000-000000000000'],
    ['a malformed id', '/admin/identities/not-a-uuid'],
    ['a malformed id on the legacy path', '/identities/%27%3B%20drop%20table'],
  ])('answers %s with the Kratos 404 envelope', async (_case, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe(NO_CACHE);
    expect(await res.json()).toEqual({ error: { code: 404, status: 'Not Found', message: expect.any(String) } });
  });

  it('is alive and ready once the consumer runs', async () => {
    const alive = await get('/health/alive');
    expect(alive.status).toBe(200);
    expect(await alive.json()).toEqual({ status: 'ok' });
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe(NO_CACHE);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });
});

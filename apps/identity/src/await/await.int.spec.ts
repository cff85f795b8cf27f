import { randomUUID } from 'node:crypto';
import { ScratchTopic, identityRegistered, recoveryRequested } from '@gatehouse/testing';
import { identitiesImported, identityCreated } from '../../test/admin-events';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { RunningIdentity, startIdentity } from '../app';
import { migrateIdentity } from '../migrate';

describe('POST /internal/await (service in-process, real Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idawait');
  const config = identityTestConfig('idawait', topic.name);
  const schema = new TestSchema(config);
  let service: RunningIdentity;

  const wait = async (body: unknown) => {
    const res = await fetch(`${service.url}/internal/await`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create()]);
    service = await startIdentity(config, { logLevels: ['error'] });
    await service.consuming();
  });

  afterAll(async () => {
    await service?.close();
    await topic.delete();
    await schema.close();
  });

  it('answers caught_up false with the pending tokens after the timeout, before the event is applied', async () => {
    const id = randomUUID();
    const started = Date.now();
    const { status, body } = await wait({ tokens: [`identity:${id}@1`], timeout_ms: 150 });
    expect(status).toBe(200);
    expect(body).toEqual({ caught_up: false, pending: [`identity:${id}@1`] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('a wait started before the event is answered caught_up true once the projection applied it', async () => {
    const registered = identityRegistered();
    const token = `identity:${registered.data.identity_id}@1`;
    const waiting = wait({ tokens: [token], timeout_ms: 15_000 });
    await topic.publish(registered);
    expect(await waiting).toEqual({ status: 200, body: { caught_up: true } });
    // and the read model shows it right away
    expect((await fetch(`${service.url}/admin/identities/${registered.data.identity_id}`)).status).toBe(200);
  });

  it('counts every event of an identity stream, also those the projection does not apply; an older version is met at once', async () => {
    const registered = identityRegistered();
    // RecoveryRequested changes nothing in the read model, but it is version 3 of the identity's stream
    await topic.publish(registered, recoveryRequested(registered, { streamVersion: 3 }));
    expect(await wait({ tokens: [`identity:${registered.data.identity_id}@3`], timeout_ms: 15_000 })).toEqual({ status: 200, body: { caught_up: true } });
    expect(await wait({ tokens: [`identity:${registered.data.identity_id.toUpperCase()}@2`], timeout_ms: 0 })).toEqual({ status: 200, body: { caught_up: true } });
    expect(await wait({ tokens: [`identity:${registered.data.identity_id}@4`], timeout_ms: 50 })).toEqual({
      status: 200,
      body: { caught_up: false, pending: [`identity:${registered.data.identity_id}@4`] },
    });
  });

  it('an import token is met once that many IdentityCreated of the import are applied; only the unmet tokens stay pending', async () => {
    const importId = randomUUID();
    const created = [identityCreated({ importId }), identityCreated({ importId }), identityCreated({ importId })];
    const waiting = wait({ tokens: [`import:${importId}#3`, `identity:${created[2].data.identity_id}@1`], timeout_ms: 15_000 });
    await topic.publish(...created, identitiesImported(importId, created));
    expect(await waiting).toEqual({ status: 200, body: { caught_up: true } });
    const more = await wait({ tokens: [`import:${importId}#3`, `import:${importId}#4`], timeout_ms: 50 });
    expect(more).toEqual({ status: 200, body: { caught_up: false, pending: [`import:${importId}#4`] } });
  });

  it('an empty token list is caught up at once', async () => {
    expect(await wait({ tokens: [] })).toEqual({ status: 200, body: { caught_up: true } });
  });

  it.each<[string, unknown]>([
    ['a malformed token', { tokens: ['identity:nope@1'] }],
    ['no tokens', { timeout_ms: 10 }],
    ['a negative timeout', { tokens: [], timeout_ms: -5 }],
    ['a body that is not an object', ['identity:x@1']],
  ])('refuses %s with the Kratos 400 envelope', async (_case, body) => {
    const res = await wait(body);
    expect(res).toEqual({ status: 400, body: { error: { code: 400, status: 'Bad Request', reason: expect.any(String), message: expect.any(String) } } });
  });

  it('refuses a body that is not JSON with the Kratos 400 envelope', async () => {
    const res = await fetch(`${service.url}/internal/await`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tokens": [' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 400, status: 'Bad Request', reason: expect.any(String), message: expect.any(String) } });
  });
});

import { randomUUID } from 'node:crypto';
import { EventEnvelope, IdentityRegistered } from '@gatehouse/contracts';
import { ScratchTopic, recoveryRequested } from '@gatehouse/testing';
import { identityCreated, identityDeleted, identityStateChanged } from '../../test/admin-events';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { RunningIdentity, startIdentity } from '../app';
import { migrateIdentity } from '../migrate';

/** Beyond Kratos: the admin GET of one identity answers the version of its stream as a strong ETag (what flows
 * compares If-Match with on PUT, PATCH and DELETE). Every event of the stream counts, also those the read model does
 * not apply (a recovery request). */
describe('ETag of GET /admin/identities/{id} (service in-process, real Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idetag');
  const config = identityTestConfig('idetag', topic.name);
  const schema = new TestSchema(config);
  const externalId = `crm/${randomUUID()}`;
  const created = identityCreated({ externalId });
  const id = created.data.identity_id;
  let service: RunningIdentity;

  const etagOf = async (path: string) => {
    const res = await fetch(`${service.url}${path}`);
    await res.arrayBuffer();
    return [res.status, res.headers.get('etag')];
  };
  /** Publishes the events and waits, as the gateway does, until the projection has seen the last one. */
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

  it('is the stream version: "1" when created, on the legacy and external-id paths too', async () => {
    await applied(created);
    expect(await etagOf(`/admin/identities/${id}`)).toEqual([200, '"1"']);
    expect(await etagOf(`/identities/${id.toUpperCase()}`)).toEqual([200, '"1"']);
    expect(await etagOf(`/admin/identities/by/external/${encodeURIComponent(externalId)}`)).toEqual([200, '"1"']);
  });

  it('moves with every event on the stream, applied to the document or not, and a redelivery does not move it back', async () => {
    const recovery = recoveryRequested(created as unknown as EventEnvelope<IdentityRegistered.V1.Data>, { streamVersion: 2 });
    await applied(recovery);
    expect(await etagOf(`/admin/identities/${id}`)).toEqual([200, '"2"']);
    const inactive = identityStateChanged(created, 'inactive', { streamVersion: 3 });
    await applied(inactive);
    expect(await etagOf(`/admin/identities/${id}`)).toEqual([200, '"3"']);
    await applied(recovery);
    expect(await etagOf(`/admin/identities/${id}`)).toEqual([200, '"3"']);
  });

  it('is absent on a 404: an unknown, a malformed or a deleted identity', async () => {
    expect(await etagOf(`/admin/identities/${randomUUID()}`)).toEqual([404, null]);
    expect(await etagOf('/admin/identities/not-a-uuid')).toEqual([404, null]);
    await applied(identityDeleted(created, { streamVersion: 4 }));
    expect(await etagOf(`/admin/identities/${id}`)).toEqual([404, null]);
  });
});

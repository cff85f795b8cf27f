import { randomUUID } from 'node:crypto';
import { EventEnvelope, IdentityRegistered } from '@gatehouse/contracts';
import { recoveryRequested } from '@gatehouse/testing';
import { identityCreated, identityDeleted, identityStateChanged } from '../../test/admin-events';
import { IdentityServiceHarness } from '../../test/service-harness';

/** Beyond Kratos: the admin GET of one identity answers the version of its stream as a strong ETag (what flows
 * compares If-Match with on PUT, PATCH and DELETE). Every event of the stream counts, also those the read model does
 * not apply (a recovery request). */
describe('ETag of GET /admin/identities/{id} (service in-process, real Postgres + Kafka)', () => {
  const h = new IdentityServiceHarness('idetag');
  const externalId = `crm/${randomUUID()}`;
  const created = identityCreated({ externalId });
  const id = created.data.identity_id;

  const etagOf = async (path: string) => {
    const res = await fetch(`${h.url}${path}`);
    await res.arrayBuffer();
    return [res.status, res.headers.get('etag')];
  };
  const applied = (...events: EventEnvelope[]) => h.applied(...events);

  beforeAll(() => h.start());
  afterAll(() => h.stop());

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

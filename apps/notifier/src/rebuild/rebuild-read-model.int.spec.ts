import { EventEnvelope } from '@gatehouse/contracts';
import { identityRegistered, testInfra } from '@gatehouse/testing';
import { createNotifierDataSource } from '../database/data-source';
import { identityCreated, identityDeleted, identityUpdated } from '../../test/admin-events';
import { NotifierHarness } from '../../test/notifier-harness';
import { rebuildNotifierReadModel } from './rebuild-read-model';

/** notifier_identities is a projection: refolded from the same events, it equals the live table, tombstones
 * included; a live event after the rebuild is applied once. Courier messages are not touched. */
describe('notifier rebuild: rebuilt = live (real Kafka, Redis and Postgres)', () => {
  const h = new NotifierHarness();
  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const table = async () => (await h.db.query(`SELECT * FROM "${h.schema}".notifier_identities ORDER BY id`)).rows;
  const messages = async () => (await h.db.query(`SELECT * FROM "${h.schema}".courier_messages ORDER BY id`)).rows;
  async function* batches(events: EventEnvelope[], size = 3): AsyncGenerator<EventEnvelope[]> {
    for (let i = 0; i < events.length; i += size) yield events.slice(i, i + size);
  }

  it('refolds every identity event into the same rows and leaves courier messages alone', async () => {
    const a = identityCreated({ first: 'Ada' });
    const b = identityCreated();
    const registered = identityRegistered();
    const events: EventEnvelope[] = [a, b, registered, identityUpdated(a, 2, { traits: { name: { first: 'Augusta', last: 'King' } }, schemaId: 'customer' }), identityDeleted(b.data.identity_id, 2)];
    await h.publish(...events);
    await h.caughtUp(h.groupId);
    const live = await table();
    expect(live).toHaveLength(3);
    const mails = await messages();

    const dataSource = createNotifierDataSource({ dsn: testInfra().dsn, database: { schema: h.schema } } as never);
    await dataSource.initialize();
    try {
      const progress: number[] = [];
      const result = await rebuildNotifierReadModel(dataSource, batches(events), (n) => progress.push(n));
      expect(result).toEqual({ events: events.length, identities: 2 });
      expect(progress).toEqual([3, 5]);
      expect(await table()).toEqual(live);
      expect(await messages()).toEqual(mails);
    } finally {
      await dataSource.destroy();
    }

    const renamed = identityUpdated(a, 3, { traits: { name: { first: 'Lady', last: 'Lovelace' } } });
    await h.publish(renamed);
    await h.caughtUp(h.groupId);
    const row = (await table()).find((r) => r.id === a.data.identity_id);
    expect(row).toMatchObject({ version: 3, traits: renamed.data.traits, last_event_id: renamed.id });
  });
});

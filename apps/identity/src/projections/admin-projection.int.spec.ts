import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@gatehouse/contracts';
import { ScratchTopic, uniqueName } from '@gatehouse/testing';
import { credentialsRemoved, identitiesImported, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from '../../test/admin-events';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { ProjectionUnderTest } from '../../test/projection-harness';
import { migrateIdentity } from '../migrate';

const byStream = (a: { stream_id: unknown }, b: { stream_id: unknown }) => (String(a.stream_id) < String(b.stream_id) ? -1 : 1);

describe('identity projection of admin events, a Kafka batch per transaction (Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idadminproj');
  const config = identityTestConfig('idadminproj', topic.name);
  const schema = new TestSchema(config);
  let projection: ProjectionUnderTest | undefined;

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create()]);
  });

  afterAll(async () => {
    await projection?.stop();
    await topic.delete();
    await schema.close();
  });

  it('folds several events of one identity in one batch in order; a redelivered batch changes nothing; a replay equals the live model', async () => {
    // given: an import of three identities, then five more events of ada and the deletion of bob, all on the topic
    // before the consumer starts (so that each partition comes as one batch)
    const importId = randomUUID();
    const ada = identityCreated({ importId, externalId: `ada-${importId}`, occurredAt: '2030-01-01T00:00:00.000Z' });
    const bob = identityCreated({ importId });
    const cy = identityCreated({ importId });
    const oidc = ada.data.credentials.oidc.identifiers;
    const adaLater: EventEnvelope[] = [
      identityUpdated(
        ada,
        {
          traits: { email: 'ada.v2@example.com' },
          external_id: `ada2-${importId}`,
          verifiable_addresses: [{ id: randomUUID(), value: 'ada.v2@example.com', via: 'email', verified: false, status: 'pending', verified_at: null }],
        },
        { streamVersion: 2, occurredAt: '2030-01-02T00:00:00.000Z' },
      ),
      identityStateChanged(ada, 'inactive', { streamVersion: 3, occurredAt: '2030-01-03T00:00:00.000Z' }),
      credentialsRemoved(ada, 'oidc', [oidc[0]], [oidc[1]], { streamVersion: 4, occurredAt: '2030-01-04T00:00:00.000Z' }),
      identityStateChanged(ada, 'active', { streamVersion: 5, occurredAt: '2030-01-05T00:00:00.000Z' }),
    ];
    const events = [ada, bob, cy, identitiesImported(importId, [ada, bob, cy]), ...adaLater, identityDeleted(bob, { streamVersion: 2 })];
    await topic.publish(...events);

    // when
    projection = await new ProjectionUnderTest(config, topic.kafka).start();
    await projection.handled(events.length);

    // then: ada's five events came in one batch and were folded in order
    expect(Math.max(...projection.batchSizes)).toBeGreaterThanOrEqual(5);
    expect(projection.outcomes.filter((o) => o === 'applied')).toHaveLength(events.length - 1);
    expect(projection.outcomes.filter((o) => o === 'ignored')).toEqual(['ignored']);
    const live = await schema.snapshot();
    expect(live.identities.map((r) => r.id).sort()).toEqual([ada.data.identity_id, cy.data.identity_id].sort());
    expect(live.identities.find((r) => r.id === ada.data.identity_id)).toMatchObject({
      traits: { email: 'ada.v2@example.com' },
      external_id: `ada2-${importId}`,
      state: 'active',
      state_changed_at: new Date('2030-01-05T00:00:00.000Z'),
      updated_at: new Date('2030-01-05T00:00:00.000Z'),
      created_at: new Date('2030-01-01T00:00:00.000Z'),
      metadata_admin: { crm_id: 42, tags: ['imported'] },
      version: 5,
      last_event_id: adaLater[3].id,
    });
    const adaRows = (table: string) => live[table].filter((r) => r.identity_id === ada.data.identity_id);
    expect(adaRows('identity_verifiable_addresses')).toEqual([expect.objectContaining({ value: 'ada.v2@example.com', verified: false, status: 'pending' })]);
    expect(adaRows('identity_credentials').map((c) => [c.type, c.identifiers])).toEqual([
      ['oidc', [oidc[1]]],
      ['password', ada.data.credentials.password.identifiers],
    ]);
    // bob's child rows went with him
    for (const table of ['identity_verifiable_addresses', 'identity_recovery_addresses', 'identity_credentials']) {
      expect(live[table].filter((r) => r.identity_id === bob.data.identity_id)).toEqual([]);
    }
    expect(live.stream_positions).toEqual(
      [
        { stream_id: ada.streamId, version: 5 },
        { stream_id: bob.streamId, version: 2 },
        { stream_id: cy.streamId, version: 1 },
      ].sort(byStream),
    );
    expect(live.import_progress).toEqual([{ import_id: importId, applied: 3 }]);

    // when: the whole topic is delivered again (same event ids)
    await topic.publish(...events);
    await projection.handled(2 * events.length);

    // then: nothing applied twice, nothing changed
    expect(projection.outcomes.slice(events.length).filter((o) => o !== 'duplicate' && o !== 'ignored')).toEqual([]);
    expect(await schema.snapshot()).toEqual(live);

    // when: a new read model replays the topic from offset 0
    await projection.stop();
    await schema.drop();
    await migrateIdentity(config);
    projection = await new ProjectionUnderTest({ ...config, kafka: { ...config.kafka, group_id: uniqueName('idadminproj_replay') } }, topic.kafka).start();
    await projection.handled(2 * events.length);

    // then: the same rows
    expect(await schema.snapshot()).toEqual(live);
  });
});

describe('identity projection: a record the database refuses (Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idpoison');
  const config = identityTestConfig('idpoison', topic.name);
  const schema = new TestSchema(config);
  let projection: ProjectionUnderTest | undefined;

  beforeAll(async () => {
    await Promise.all([migrateIdentity(config), topic.create(1)]);
  });

  afterAll(async () => {
    await projection?.stop();
    await topic.delete();
    await schema.close();
  });

  it('does not block the partition: the batch is applied one event at a time and the refused event is skipped', async () => {
    // given: two identities of an import with one external_id (the write side would never), then more events in the
    // same partition
    const externalId = `dup-${randomUUID()}`;
    const importId = randomUUID();
    const first = identityCreated({ externalId, importId });
    const second = identityCreated({ externalId, importId });
    const third = identityCreated({ importId });
    const firstLater = identityStateChanged(first, 'inactive', { streamVersion: 2 });
    await topic.publish(first, second, third, firstLater);

    // when
    projection = await new ProjectionUnderTest(config, topic.kafka).start();
    await projection.handled(4);

    // then: everything but the refused event is applied; the refused one counts as processed and its positions moved
    // on (nobody waits for it in vain)
    expect(projection.outcomes).toEqual(['applied', 'skipped', 'applied', 'applied']);
    const rows = await schema.snapshot();
    expect(rows.identities.map((r) => [r.id, r.state]).sort()).toEqual(
      [
        [first.data.identity_id, 'inactive'],
        [third.data.identity_id, 'active'],
      ].sort(),
    );
    expect(rows.stream_positions).toEqual(
      [
        { stream_id: first.streamId, version: 2 },
        { stream_id: second.streamId, version: 1 },
        { stream_id: third.streamId, version: 1 },
      ].sort(byStream),
    );
    expect(rows.processed_events.map((r) => r.event_id).sort()).toEqual([first.id, second.id, third.id, firstLater.id].sort());
    expect(rows.import_progress).toEqual([{ import_id: importId, applied: 3 }]);

    // when: the partition is delivered again
    await topic.publish(first, second, third, firstLater);
    await projection.handled(8);

    // then: duplicates all, the refused one included; nothing changed
    expect(projection.outcomes.slice(4)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await schema.snapshot()).toEqual(rows);
  });
});

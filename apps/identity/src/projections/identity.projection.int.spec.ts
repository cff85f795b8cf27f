import { ScratchTopic, addressVerified, identityRegistered, uniqueName, verificationRequested } from '@gatehouse/testing';
import { identityTestConfig, TestSchema } from '../../test/infra';
import { ProjectionUnderTest } from '../../test/projection-harness';
import { IdentityConfig } from '../config.schema';
import { migrateIdentity } from '../migrate';

/** The same config under a new consumer group: a replay from offset 0. */
function replayConfig(config: IdentityConfig, prefix: string): IdentityConfig {
  return { ...config, kafka: { ...config.kafka, group_id: uniqueName(prefix) } };
}

describe('identity projection (Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idproj');
  const config = identityTestConfig('idproj', topic.name);
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

  it('applies a redelivered IdentityRegistered once, skips off-contract records, and a replay from offset 0 rebuilds identical rows', async () => {
    // given: one registration delivered twice, a broken record, and a second registration
    const alice = identityRegistered({ email: 'alice@example.com' });
    const bob = identityRegistered({ email: 'bob@example.com', occurredAt: '2030-01-01T00:00:01.000Z' });
    await topic.publish(alice, alice);
    await topic.publishRecords([{ key: alice.data.identity_id, value: '{"not":"an event"}', headers: { 'content-type': 'application/json' } }]);
    await topic.publish(bob);

    // when: the projection consumes the topic
    projection = await new ProjectionUnderTest(config, topic.kafka).start();
    await projection.handled(3, 1);

    // then: one identity per registration, one address row each, the duplicate did nothing
    expect([...projection.outcomes].sort()).toEqual(['applied', 'applied', 'duplicate']);
    const live = await schema.snapshot();
    expect(live.identities.map((r) => r.id).sort()).toEqual([alice.data.identity_id, bob.data.identity_id].sort());
    const aliceAddresses = live.identity_verifiable_addresses.filter((r) => r.identity_id === alice.data.identity_id);
    expect(aliceAddresses).toEqual([
      expect.objectContaining({ id: alice.data.verifiable_addresses[0].id, value: 'alice@example.com', via: 'email', verified: false, status: 'sent', verified_at: null }),
    ]);
    expect(live.identity_recovery_addresses).toHaveLength(2);
    expect(live.identity_credentials).toHaveLength(2);
    expect(live.processed_events).toHaveLength(2);
    expect(live.stream_positions).toEqual([alice, bob].map((e) => ({ stream_id: e.streamId, version: 1 })).sort((a, b) => (a.stream_id < b.stream_id ? -1 : 1)));
    expect(live.identities.find((r) => r.id === alice.data.identity_id)).toMatchObject({
      created_at: new Date(alice.occurredAt),
      last_event_id: alice.id,
      version: 1,
      traits: alice.data.traits,
      external_id: null,
    });

    // when: the read model is dropped, migrated again, and the topic replayed from offset 0 by a new group
    await projection.stop();
    await schema.drop();
    await migrateIdentity(config);
    expect((await schema.snapshot()).identities).toEqual([]);
    projection = await new ProjectionUnderTest(replayConfig(config, 'idproj_replay'), topic.kafka).start();
    await projection.handled(3, 1);

    // then: exactly the same rows
    expect(await schema.snapshot()).toEqual(live);
  });
});

describe('identity projection of verification events (Postgres + Kafka)', () => {
  const topic = new ScratchTopic('idverify');
  const config = identityTestConfig('idverify', topic.name);
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

  it('AddressVerified makes the address verified and completed; a redelivery and a replay change nothing', async () => {
    const ada = identityRegistered({ email: 'ada.verify@example.com', withVerification: false, occurredAt: '2030-01-01T00:00:00.000Z' });
    const requested = verificationRequested(ada, { streamVersion: 2, occurredAt: '2030-01-01T00:01:00.000Z' });
    const verified = addressVerified(ada, { streamVersion: 3, verifiedAt: '2030-01-01T00:02:00.000Z' });
    await topic.publish(ada, requested, verified, verified);

    projection = await new ProjectionUnderTest(config, topic.kafka).start();
    await projection.handled(4);
    expect(projection.outcomes).toEqual(['applied', 'applied', 'applied', 'duplicate']);
    const live = await schema.snapshot();
    expect(live.identity_verifiable_addresses).toEqual([
      expect.objectContaining({ id: ada.data.verifiable_addresses[0].id, verified: true, status: 'completed', verified_at: new Date('2030-01-01T00:02:00.000Z') }),
    ]);
    expect(live.identities[0]).toMatchObject({ version: 3, last_event_id: verified.id });

    await projection.stop();
    await schema.drop();
    await migrateIdentity(config);
    projection = await new ProjectionUnderTest(replayConfig(config, 'idverify_replay'), topic.kafka).start();
    await projection.handled(4);
    expect(await schema.snapshot()).toEqual(live);
  });
});

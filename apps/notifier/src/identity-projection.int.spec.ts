import { Pool } from 'pg';
import { migrate } from '@gatehouse/platform';
import { recoveryRequested, sixDigits, testInfra, uniqueName, waitFor } from '@gatehouse/testing';
import { notifierModel } from './database/data-source';
import { NOTIFIER_MIGRATIONS } from './migrations';
import { asRegistration, identityCreated, identityDeleted, identityUpdated } from '../test/admin-events';
import { NotifierHarness } from '../test/notifier-harness';

const b64 = (text: string) => `base64://${Buffer.from(text).toString('base64')}`;

describe('notifier: the identity projection follows the admin API events (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(() => h.start({ COURIER_TEMPLATES_RECOVERY_CODE_VALID_EMAIL_SUBJECT: b64('{{ .Identity.traits.name.first }}, recover with {{ .RecoveryCode }}') }, 3));
  afterAll(() => h.stop());

  const row = async (id: string) =>
    (await h.db.query(`SELECT schema_id, traits, version, deleted, last_event_id FROM "${h.schema}".notifier_identities WHERE id = $1`, [id])).rows[0] as
      | Record<string, unknown>
      | undefined;

  it('renders an admin recovery mail with the traits of the latest IdentityUpdated', async () => {
    const code = sixDigits();
    const created = identityCreated({ first: 'Ada' });
    const renamed = identityUpdated(created, 2, { traits: { name: { first: 'Augusta', last: 'King' } } });
    const requested = recoveryRequested(asRegistration(created), { secret: code, streamVersion: 3 });
    await h.publish(created, renamed, requested);
    const mail = await h.sink.waitForMail(requested.data.address);
    expect(mail.subject).toBe(`Augusta, recover with ${code}`);
  });

  it('follows create → update → delete; an older update and the creation redelivered change nothing', async () => {
    const created = identityCreated();
    const id = created.data.identity_id;
    const v2 = identityUpdated(created, 2, { traits: { name: { first: 'Countess', last: 'Lovelace' } } });
    const v3 = identityUpdated(created, 3, { traits: { name: { first: 'Augusta', last: 'King' } }, schemaId: 'customer' });

    await h.publish(created, created);
    await waitFor(() => row(id), { what: 'the created identity' });
    expect(await row(id)).toEqual({ schema_id: 'default', traits: created.data.traits, version: 1, deleted: false, last_event_id: created.id });

    await h.publish(v2, v3, v2, created);
    await h.caughtUp(h.groupId);
    expect(await row(id)).toEqual({ schema_id: 'customer', traits: v3.data.traits, version: 3, deleted: false, last_event_id: v3.id });

    const deleted = identityDeleted(id, 4);
    await h.publish(deleted, created, v3);
    await h.caughtUp(h.groupId);
    expect(await row(id)).toEqual({ schema_id: null, traits: null, version: 4, deleted: true, last_event_id: deleted.id });
  });

  const jobsAdded = async () => (await h.redis.xrange(h.queue.keys.events, '-', '+')).filter(([, fields]) => fields.includes('added')).length;

  it('projects a 3,000-identity import, one row per IdentityCreated, with no courier message and no mail job', async () => {
    const added = await jobsAdded();
    const events = Array.from({ length: 3_000 }, () => identityCreated());
    for (let i = 0; i < events.length; i += 500) await h.publish(...events.slice(i, i + 500)); // one produce request stays under the broker's limit
    await waitFor(
      async () => (await h.db.query(`SELECT count(*)::int AS n FROM "${h.schema}".notifier_identities WHERE id = ANY($1)`, [events.map((e) => e.subject)])).rows[0].n === events.length,
      { what: `${events.length} projected identities`, timeoutMs: 30_000, intervalMs: 100 },
    );
    await h.caughtUp(h.groupId);
    const messages = await h.db.query(`SELECT count(*)::int AS n FROM "${h.schema}".courier_messages WHERE source_event_id = ANY($1)`, [events.map((e) => e.id)]);
    expect(messages.rows[0].n).toBe(0);
    expect(await jobsAdded()).toBe(added);
  });
});

describe('notifier: the VersionNotifierIdentities migration (real Postgres)', () => {
  const db = new Pool({ connectionString: testInfra().dsn, max: 1 });
  const schema = uniqueName('notifier_migrate_it');
  const model = notifierModel({ dsn: testInfra().dsn, database: { schema } });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  });

  it('gives rows projected before it version 1 and no tombstone, and rejects a live row without traits', async () => {
    await migrate({ ...model, migrations: NOTIFIER_MIGRATIONS.slice(0, 2) }, 'notifier');
    const registered = asRegistration(identityCreated());
    await db.query(`INSERT INTO "${schema}".notifier_identities (id, schema_id, traits, updated_at, last_event_id) VALUES ($1, 'default', $2, now(), $3)`, [
      registered.subject,
      JSON.stringify(registered.data.traits),
      registered.id,
    ]);

    expect(await migrate({ ...model, migrations: NOTIFIER_MIGRATIONS.slice(0, 3) }, 'notifier')).toEqual(['VersionNotifierIdentities1767398400000']);
    const rows = await db.query(`SELECT version, deleted, traits FROM "${schema}".notifier_identities`);
    expect(rows.rows).toEqual([{ version: 1, deleted: false, traits: registered.data.traits }]);
    await expect(
      db.query(`INSERT INTO "${schema}".notifier_identities (id, version, deleted, updated_at, last_event_id) VALUES ($1, 2, false, now(), $1)`, [identityCreated().subject]),
    ).rejects.toThrow(/notifier_identities_live_check/);
  });
});

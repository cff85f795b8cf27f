import { identityRegistered, waitFor } from '@gatehouse/testing';
import { MailWorker } from './queue/mail.worker';
import { NotifierHarness } from '../test/notifier-harness';

const allSent = (h: NotifierHarness, ids: string[]) =>
  waitFor(async () => (await h.db.query(`SELECT count(*)::int AS n FROM "${h.schema}".courier_messages WHERE status = 'sent' AND source_event_id = ANY($1)`, [ids])).rows[0].n === ids.length, {
    what: `${ids.length} messages to be sent`,
    timeoutMs: 30_000,
    intervalMs: 100,
  });

describe('two notifier instances on one topic, group and queue', () => {
  const h = new NotifierHarness();

  beforeAll(async () => {
    // One job at a time per instance, so that neither can take the whole batch alone.
    await h.start({ COURIER_WORKER_CONCURRENCY: '1' }, 2);
    await h.startInstance();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('share the work, and each of 20 mails is sent exactly once', async () => {
    const events = Array.from({ length: 20 }, () => identityRegistered());
    await h.publish(...events);
    await allSent(h, events.map((e) => e.id));
    await h.caughtUp(h.groupId);
    for (const e of events) expect(h.sink.mailsTo(e.data.verification!.address)).toHaveLength(1);
    expect(h.sink.mails).toHaveLength(20);
    const dispatches = await h.db.query(`SELECT status, worker FROM "${h.schema}".courier_message_dispatches`);
    expect(dispatches.rows.filter((d: { status: string }) => d.status === 'success')).toHaveLength(20);
    expect(new Set(dispatches.rows.map((d: { worker: string }) => d.worker)).size).toBe(2);
  });
});

describe('a notifier killed while mails are pending, then started again', () => {
  const h = new NotifierHarness();

  beforeAll(async () => {
    await h.start({ COURIER_MESSAGE_RETRIES: '10', COURIER_RETRY_BACKOFF: '100ms', COURIER_WORKER_LOCK_DURATION: '1s' });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('delivers every mail exactly once', async () => {
    await h.sink.stop();
    const events = Array.from({ length: 5 }, () => identityRegistered());
    await h.publish(...events);
    // Every message has failed at least once: its job waits for a retry in Redis.
    await waitFor(
      async () => (await h.db.query(`SELECT count(*)::int AS n FROM "${h.schema}".courier_messages WHERE send_count >= 1`)).rows[0].n === events.length,
      { what: 'a failed attempt for every message', timeoutMs: 15_000 },
    );

    // Abruptly: the worker stops without finishing what it holds, then the rest of the instance goes.
    await h.notifier!.app.get(MailWorker).kill();
    await h.notifier!.close();

    await h.sink.start();
    await h.startInstance();
    await allSent(h, events.map((e) => e.id));
    for (const e of events) expect(h.sink.mailsTo(e.data.verification!.address)).toHaveLength(1);
    expect(h.sink.mails).toHaveLength(events.length);
  });
});

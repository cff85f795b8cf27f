import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { testInfra, uniqueName } from '@gatehouse/testing';
import { CourierMessages, LeaseLostError } from './courier/courier-messages';
import { createNotifierDataSource } from './database/data-source';
import { migrateNotifier } from './migrate';

const LEASE_MS = 5_000;
const worker = 'int-worker';
const draft = { recipient: 'ada@example.com', subject: 'Please verify your email address', body: 'code: REDACTED', template_type: 'verification_code_valid' };

describe('courier messages: the send-started mark and the lease that fences it (real Postgres)', () => {
  const config = { dsn: testInfra().dsn, database: { schema: uniqueName('notifier_it_mark') } };
  let dataSource: DataSource;
  /** The clock both "workers" read; each test moves it on as it needs. */
  let now = new Date('2026-12-01T10:00:00.000Z');
  let messages: CourierMessages;

  beforeAll(async () => {
    await migrateNotifier(config);
    dataSource = createNotifierDataSource(config);
    await dataSource.initialize();
    messages = new CourierMessages(dataSource, LEASE_MS, () => now);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA IF EXISTS "${config.database.schema}" CASCADE`);
    await dataSource.destroy();
  });

  const later = (ms: number): Date => (now = new Date(now.getTime() + ms));

  /** A new queued message (its event id); the clock is left where it was. */
  const queued = async (): Promise<string> => {
    const eventId = randomUUID();
    expect(await messages.recordQueued(eventId, draft)).toBe('queued');
    return eventId;
  };

  const row = async (eventId: string): Promise<Record<string, unknown>> => {
    const [r] = (await dataSource.query(
      `SELECT id, status, send_count, locked_until, send_started_at, possible_duplicate, updated_at FROM "${config.database.schema}".courier_messages WHERE source_event_id = $1`,
      [eventId],
    )) as Array<Record<string, unknown>>;
    return r;
  };

  const claimed = async (eventId: string) => {
    const claim = await messages.claim(eventId, draft.recipient);
    if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
    return claim;
  };

  it('a first claim holds the lease and finds no mark; the mark renews the lease and is committed', async () => {
    const eventId = await queued();
    const claim = await claimed(eventId);
    expect(claim).toMatchObject({ sendCount: 0, sendStarted: false, leaseUntil: new Date(now.getTime() + LEASE_MS) });
    expect(await row(eventId)).toMatchObject({ status: 'processing', locked_until: claim.leaseUntil, send_started_at: null, possible_duplicate: false });

    const markedAt = later(200);
    const renewed = await messages.markSendStarted(claim.messageId, claim.leaseUntil, false);
    expect(renewed).toEqual(new Date(markedAt.getTime() + LEASE_MS));
    expect(await row(eventId)).toMatchObject({ status: 'processing', locked_until: renewed, send_started_at: markedAt, possible_duplicate: false });
    // another worker keeps off while the renewed lease runs
    later(LEASE_MS - 1);
    expect(await messages.claim(eventId, draft.recipient)).toEqual({ kind: 'busy', lockedUntil: renewed });
  });

  it('the mark is fenced by the lease: a stale leaseUntil rejects with LeaseLostError and changes nothing', async () => {
    const eventId = await queued();
    const first = await claimed(eventId);
    // the first worker stalls past its lease; a second one takes the message over
    later(LEASE_MS + 1);
    const second = await claimed(eventId);
    expect(second.sendStarted).toBe(false);
    const before = await row(eventId);

    later(100);
    await expect(messages.markSendStarted(first.messageId, first.leaseUntil, false)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(messages.markSendStarted(first.messageId, first.leaseUntil, true)).rejects.toThrow(`lost the lease on courier message ${first.messageId}`);
    expect(await row(eventId)).toEqual(before);

    // the holder's own lease still fences in: its mark goes through
    await messages.markSendStarted(second.messageId, second.leaseUntil, false);
    expect(await row(eventId)).toMatchObject({ send_started_at: now, possible_duplicate: false });
  });

  it('a mark after the attempt’s dispatch was recorded (the message is no longer processing) rejects and changes nothing', async () => {
    const eventId = await queued();
    const claim = await claimed(eventId);
    await messages.markSendStarted(claim.messageId, claim.leaseUntil, false);
    expect(await messages.recordDispatch(claim.messageId, { ok: true, worker }, 2)).toBe('sent');
    const before = await row(eventId);
    later(10);
    await expect(messages.markSendStarted(claim.messageId, claim.leaseUntil, false)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await row(eventId)).toEqual(before);
    expect(await messages.claim(eventId, draft.recipient)).toEqual({ kind: 'final', status: 'sent' });
  });

  it('a claim after a mark without a recorded dispatch (the worker died mid-send) reports sendStarted, and the resend flags possible_duplicate', async () => {
    const eventId = await queued();
    const crashed = await claimed(eventId);
    const lease = await messages.markSendStarted(crashed.messageId, crashed.leaseUntil, false);
    // the worker dies here: no dispatch; the next attempt comes once the renewed lease has lapsed
    now = new Date(lease.getTime());
    const resend = await claimed(eventId);
    expect(resend).toMatchObject({ messageId: crashed.messageId, sendCount: 0, sendStarted: true });
    expect(await row(eventId)).toMatchObject({ status: 'processing', locked_until: resend.leaseUntil, possible_duplicate: false });

    later(50);
    await messages.markSendStarted(resend.messageId, resend.leaseUntil, true);
    expect(await row(eventId)).toMatchObject({ send_started_at: now, possible_duplicate: true });

    later(50);
    expect(await messages.recordDispatch(resend.messageId, { ok: true, worker }, 2)).toBe('sent');
    expect(await row(eventId)).toMatchObject({ status: 'sent', send_count: 1, locked_until: null, send_started_at: null, possible_duplicate: true });
    const view = await messages.byEventId(eventId);
    expect(view?.message.possible_duplicate).toBe(true);
    expect(view?.dispatches.map((d) => d.status)).toEqual(['success']);
  });

  it('recordDispatch clears the mark: a retry after a failed attempt is no duplicate, and possible_duplicate, once set, stays', async () => {
    const eventId = await queued();
    // attempt 1 dies mid-send
    const crashed = await claimed(eventId);
    now = await messages.markSendStarted(crashed.messageId, crashed.leaseUntil, false);
    // attempt 2 resends (possible duplicate) and fails: its dispatch clears the mark
    const resend = await claimed(eventId);
    expect(resend.sendStarted).toBe(true);
    later(10);
    await messages.markSendStarted(resend.messageId, resend.leaseUntil, true);
    later(10);
    expect(await messages.recordDispatch(resend.messageId, { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:1025', worker }, 2)).toBe('queued');
    expect(await row(eventId)).toMatchObject({ status: 'queued', send_count: 1, locked_until: null, send_started_at: null, possible_duplicate: true });

    // attempt 3: a plain retry, marked without the flag; the flag stays set through it and after success
    later(1_000);
    const retry = await claimed(eventId);
    expect(retry).toMatchObject({ sendCount: 1, sendStarted: false });
    await messages.markSendStarted(retry.messageId, retry.leaseUntil, false);
    expect(await row(eventId)).toMatchObject({ send_started_at: now, possible_duplicate: true });
    later(10);
    expect(await messages.recordDispatch(retry.messageId, { ok: true, worker }, 2)).toBe('sent');
    expect(await row(eventId)).toMatchObject({ status: 'sent', send_count: 2, send_started_at: null, possible_duplicate: true });
  });

  it('a message that never crashed mid-send is never flagged', async () => {
    const eventId = await queued();
    const claim = await claimed(eventId);
    await messages.markSendStarted(claim.messageId, claim.leaseUntil, false);
    await messages.recordDispatch(claim.messageId, { ok: true, worker }, 2);
    expect(await row(eventId)).toMatchObject({ status: 'sent', send_started_at: null, possible_duplicate: false });
    expect((await messages.byEventId(eventId))?.message.possible_duplicate).toBe(false);
  });
});

import { expectKratosShape, waitFor } from '@gatehouse/testing';
import { identityRegistered } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

describe('notifier when SMTP stays down', () => {
  const h = new NotifierHarness();

  beforeAll(async () => {
    await h.start({ COURIER_MESSAGE_RETRIES: '2', COURIER_RETRY_BACKOFF: '100ms' });
    await h.sink.stop();
  });

  afterAll(async () => {
    await h.stop();
  });

  it('fails the job after message_retries + 1 attempts, and a redelivery does not start it over', async () => {
    const event = identityRegistered();
    await h.publish(event);
    await waitFor(async () => (await (await h.queue.getJob(event.id))?.getState()) === 'failed', { what: 'the job to fail', timeoutMs: 15_000 });
    const job = (await h.queue.getJob(event.id))!;
    expect(job.attemptsMade).toBe(3);
    expect(await h.queueEvents(event.id)).toEqual(expect.arrayContaining(['added', 'retries-exhausted', 'failed']));

    // A redelivery of the abandoned event does not start it over: its courier message is abandoned, so it
    // is not even enqueued. A later event on the same (single) partition tells when it has been handled.
    const marker = identityRegistered();
    await h.publish(event, marker);
    await waitFor(() => h.messageRow(marker.id), { what: 'the event after the redelivery to be handled' });
    expect(await h.queueEvents(event.id)).not.toContain('duplicated');
    expect((await h.queueEvents(event.id)).filter((e) => e === 'added')).toHaveLength(1);
    expect(await job.getState()).toBe('failed');
    expect(await h.messageRow(event.id)).toMatchObject({ status: 'abandoned', send_count: 3 });
    expect(h.sink.mails).toHaveLength(0);
  });

  it('keeps the abandoned courier message with one failed dispatch per attempt, listed under status=abandoned', async () => {
    const event = identityRegistered();
    const email = event.data.verification!.address;
    await h.publish(event);
    const row = await waitFor(
      async () => {
        const r = await h.messageRow(event.id);
        return r?.status === 'abandoned' && r;
      },
      { what: 'the message to be abandoned', timeoutMs: 15_000 },
    );

    const list = await h.get(`/admin/courier/messages?status=abandoned&recipient=${encodeURIComponent(email)}`);
    expect(list.status).toBe(200);
    const items = list.body as Array<{ id: string; status: string; send_count: number; dispatches: Array<{ status: string; error?: { message: string } }> }>;
    for (const item of items) expectKratosShape('message', item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: row.id, status: 'abandoned', send_count: 3 });
    expect(items[0].dispatches.map((d) => d.status)).toEqual(['failed', 'failed', 'failed']);
    for (const d of items[0].dispatches) expect(d.error?.message).toMatch(/ECONNREFUSED|connect/i);
    expect(list.headers.get('link')).toContain('rel="first"');
    expect(list.headers.get('link')).not.toContain('rel="next"');

    const sent = await h.get(`/admin/courier/messages?status=sent&recipient=${encodeURIComponent(email)}`);
    expect(sent.body).toEqual([]);
    expect(h.sink.mails).toHaveLength(0);
  });
});

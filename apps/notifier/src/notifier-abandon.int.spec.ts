import { waitFor } from '@gatehouse/testing';
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

    // A redelivery of the abandoned event does not start it over.
    await h.publish(event);
    await waitFor(async () => (await h.queueEvents(event.id)).includes('duplicated'), { what: 'the redelivered event to be refused' });
    expect(await job.getState()).toBe('failed');
    expect(h.sink.mails).toHaveLength(0);
  });
});

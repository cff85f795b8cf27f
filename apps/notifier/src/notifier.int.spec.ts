import { waitFor } from '@gatehouse/testing';
import { identityRegistered, sixDigits } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

describe('notifier (real Kafka, Redis and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const jobState = async (id: string) => (await h.queue.getJob(id))?.getState();

  it('is alive and ready', async () => {
    expect((await fetch(`${h.baseUrl}/health/alive`)).status).toBe(200);
    const ready = await fetch(`${h.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('sends one verification mail with the code and never twice for a redelivered event', async () => {
    const code = sixDigits();
    const event = identityRegistered({ code });
    const email = event.data.verification!.address;

    await h.publish(event);
    const mail = await h.sink.waitForMail(email);
    expect(mail.subject).toBe('Please verify your email address');
    expect(mail.text).toContain(code);
    expect(mail.text).toContain(`http://127.0.0.1:4433/self-service/verification?flow=${event.data.verification!.flow_id}&code=${code}`);
    expect(mail.html).toContain(code);
    await waitFor(async () => (await jobState(event.id)) === 'completed', { what: 'the job to complete' });
    const finishedOn = (await h.queue.getJob(event.id))!.finishedOn;

    // The same event again, as Kafka redelivers it: its courier message is already sent, so it is not even
    // enqueued. A later event on the same (single) partition tells when the redelivery has been handled.
    const marker = identityRegistered();
    await h.publish(event, marker);
    await h.sink.waitForMail(marker.data.verification!.address);
    const seen = await h.queueEvents(event.id);
    expect(seen.filter((e) => e === 'added')).toHaveLength(1);
    expect(seen).not.toContain('duplicated');
    expect(await jobState(event.id)).toBe('completed');
    expect((await h.queue.getJob(event.id))!.finishedOn).toBe(finishedOn);
    await waitFor(async () => (await jobState(marker.id)) === 'completed', { what: 'the marker job to complete' });
    expect(await h.queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed')).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 2, failed: 0 });
    expect(h.sink.mailsTo(email)).toHaveLength(1);
  });

  it('keeps the code sealed in Redis', async () => {
    const code = sixDigits();
    const event = identityRegistered({ code });
    await h.publish(event);
    await waitFor(async () => (await jobState(event.id)) === 'completed', { what: 'the job to complete' });
    const job = (await h.queue.getJob(event.id))!;
    expect(job.name).toBe('verification_code_valid');
    expect(JSON.stringify(job.data)).not.toContain(code);
    expect(job.data.sealed_code).toBe(event.data.verification!.sealed_code);
  });

  it('retries with exponential backoff while SMTP is down, then sends exactly once', async () => {
    await h.sink.stop();
    const code = sixDigits();
    const event = identityRegistered({ code });
    const email = event.data.verification!.address;
    await h.publish(event);

    const retried = await waitFor(
      async () => {
        const job = await h.queue.getJob(event.id);
        return job && job.attemptsMade >= 2 && job;
      },
      { what: 'two failed attempts', timeoutMs: 15_000 },
    );
    expect(retried.opts).toMatchObject({ attempts: 6, backoff: { type: 'exponential', delay: 200 } });
    expect(retried.failedReason).toMatch(/ECONNREFUSED|connect/i);
    expect(retried.failedReason).not.toContain(code);
    expect(h.sink.mailsTo(email)).toHaveLength(0);

    await h.sink.start(); // the same port as before
    const mail = await h.sink.waitForMail(email, 15_000);
    expect(mail.text).toContain(code);
    await waitFor(async () => (await jobState(event.id)) === 'completed', { what: 'the job to complete' });
    const done = (await h.queue.getJob(event.id))!;
    expect(done.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(h.sink.mailsTo(email)).toHaveLength(1);
  });
});

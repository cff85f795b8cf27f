import { Suite, identityRegistered, waitFor } from '@gatehouse/testing';

async function json(res: Response): Promise<any> {
  return res.json();
}

describe('the notifier process is killed while mails are queued', () => {
  // a short lock lets the restarted worker take over the jobs the killed one held
  const suite = new Suite({ env: { notifier: { COURIER_WORKER_LOCK_DURATION: '2s', COURIER_RETRY_BACKOFF: '500ms' } } });

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  it('after a restart every mail arrives exactly once', async () => {
    await suite.sink.stop(); // the SMTP server is down: the mails wait in the queue
    const events = Array.from({ length: 10 }, (_, i) => identityRegistered({ email: `crash.${i}.${suite.id}@example.com` }));
    await suite.topic.publish(...events);
    const recipients = events.map((e) => e.data.verification!.address);
    await waitFor(
      async () => {
        const all = await json(await fetch(`${suite.adminUrl}/admin/courier/messages?page_size=100`));
        return recipients.every((r) => all.some((m: any) => m.recipient === r));
      },
      { timeoutMs: 20_000, what: 'every message recorded as queued' },
    );

    await suite.kill('notifier'); // SIGKILL: nothing drained, jobs left active or waiting in Redis
    await suite.sink.start();
    await suite.restart('notifier');

    await waitFor(() => recipients.every((r) => suite.sink.mailsTo(r).length >= 1), { timeoutMs: 60_000, what: 'every mail after the restart' });
    const sent = await waitFor(
      async () => {
        const all = (await json(await fetch(`${suite.adminUrl}/admin/courier/messages?page_size=100`))).filter((m: any) => recipients.includes(m.recipient));
        return all.length === recipients.length && all.every((m: any) => m.status === 'sent') ? all : undefined;
      },
      { timeoutMs: 30_000, what: 'every courier message sent' },
    );
    expect(sent).toHaveLength(10);
    for (const r of recipients) expect(suite.sink.mailsTo(r)).toHaveLength(1);
  });
});

import { ReceivedMail, Suite, identityRegistered, waitFor } from '@gatehouse/testing';

interface CourierMessage {
  id: string;
  recipient: string;
  status: string;
  send_count: number;
  possible_duplicate: boolean;
  dispatches: Array<{ status: string }>;
}

/** The worker's concurrency, set explicitly: that many sends are in flight when the notifier is killed. */
const CONCURRENCY = 5;
const MAILS = 10;

describe('the notifier process is killed while it hands mails to SMTP', () => {
  // courier.worker.lock_duration / stalled_interval / max_stalled_count keep their defaults (5s / 2s / 3):
  // this test is what shows that they bring a crashed worker's jobs back in time.
  const suite = new Suite({ env: { notifier: { COURIER_WORKER_CONCURRENCY: String(CONCURRENCY) } } });

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  const messages = async (recipients: string[]): Promise<CourierMessage[]> => {
    const res = await fetch(`${suite.adminUrl}/admin/courier/messages?page_size=100`);
    const all = (await res.json()) as CourierMessage[];
    return all.filter((m) => recipients.includes(m.recipient));
  };

  /** Resolves once the notifier's consumer group has committed every record of the topic. */
  const caughtUp = async (): Promise<void> => {
    const admin = suite.topic.kafka.admin();
    await admin.connect();
    try {
      await waitFor(
        async () => {
          const high = await admin.fetchTopicOffsets(suite.topic.name);
          const [committed] = await admin.fetchOffsets({ groupId: `${suite.id}_notifier`, topics: [suite.topic.name] });
          return high.every((p) => p.high === p.low || Number(committed.partitions.find((c) => c.partition === p.partition)?.offset ?? -1) >= Number(p.high));
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'the notifier to handle every event' },
      );
    } finally {
      await admin.disconnect();
    }
  };

  it('a notifier killed with SIGKILL mid-send: every mail delivered, duplicates only with the same Message-ID, none stuck over 10 s', async () => {
    // The sink keeps each mail as soon as it has read it, but answers only much later: a worker killed
    // meanwhile has delivered the mail without knowing it.
    suite.sink.ackDelayMs = 60_000;
    const events = Array.from({ length: MAILS }, (_, i) => identityRegistered({ email: `midsend.${i}.${suite.id}@example.com` }));
    const recipients = events.map((e) => e.data.verification!.address);
    const eventOf = new Map(events.map((e) => [e.data.verification!.address, e.id]));
    await suite.topic.publish(...events);

    // every one of the worker's slots is waiting for the sink's answer: each of these mails is out, its
    // send-started mark committed, its outcome unknown to the notifier; nothing else is being sent
    const inFlight = await waitFor(() => suite.sink.inFlight.length === CONCURRENCY && suite.sink.inFlight, {
      timeoutMs: 30_000,
      what: () => `${CONCURRENCY} mails in flight (${suite.sink.inFlight.length} now)`,
    });
    expect(suite.sink.mails).toHaveLength(CONCURRENCY);
    const interrupted = inFlight.map((m) => m.to[0]);
    // the other jobs wait in the queue: the notifier has handled (recorded and enqueued) every event
    await caughtUp();

    const killedAt = Date.now();
    await suite.kill('notifier'); // SIGKILL, mid-send: the jobs stay active in Redis, their locks run out
    suite.sink.ackDelayMs = 0;
    await suite.restart('notifier');
    const readyAt = Date.now();

    // the interrupted mails go out a second time, the others once
    await waitFor(() => recipients.every((r) => suite.sink.mailsTo(r).length >= (interrupted.includes(r) ? 2 : 1)), {
      timeoutMs: 30_000,
      what: () => `every mail after the restart (${recipients.filter((r) => suite.sink.mailsTo(r).length > 0).length}/${MAILS} recipients have one)`,
    });
    const sent = await waitFor(
      async () => {
        const all = await messages(recipients);
        return all.length === MAILS && all.every((m) => m.status === 'sent') && all;
      },
      { timeoutMs: 30_000, what: 'every courier message sent' },
    );
    // every message is final now: nothing can send again
    const mails: ReceivedMail[] = recipients.flatMap((r) => suite.sink.mailsTo(r));
    const lastMailAt = Math.max(...mails.map((m) => m.receivedAt));

    const duplicated = recipients.filter((r) => suite.sink.mailsTo(r).length > 1);
    for (const r of recipients) {
      const received = suite.sink.mailsTo(r);
      // at most one duplicate per mail, and only of a mail that was in flight at the crash
      expect(received.length).toBeLessThanOrEqual(interrupted.includes(r) ? 2 : 1);
      // every copy carries the Message-ID derived from the event id: a receiver can tell the duplicate
      for (const mail of received) expect(mail.messageId).toBe(`<${eventOf.get(r)}@ory.kratos.sh>`);
    }
    // each mail that may have been out (it was) went out again
    expect(duplicated.sort()).toEqual([...interrupted].sort());

    // exactly the messages whose mail arrived twice are flagged; the crashed attempt recorded no dispatch
    for (const m of sent) {
      expect({ recipient: m.recipient, possible_duplicate: m.possible_duplicate }).toEqual({ recipient: m.recipient, possible_duplicate: duplicated.includes(m.recipient) });
      expect(m.send_count).toBe(1);
      expect(m.dispatches.map((d) => d.status)).toEqual(['success']);
    }

    // stalled-job detection took the interrupted jobs up again in time: no mail stuck. Readiness waits for the
    // Kafka consumer to rejoin its group (the dead member's session has to time out first, about 10 s), while
    // the worker runs from the start, so the resends mostly come before "ready": the bound from the crash
    // itself, the restart's boot included, is the one that shows the lock and the stalled check at work.
    const resent = mails.filter((m) => m.receivedAt > killedAt && interrupted.includes(m.to[0]));
    const figures = {
      killToReadyMs: readyAt - killedAt,
      killToLastResendMs: Math.max(...resent.map((m) => m.receivedAt)) - killedAt,
      readyToLastMailMs: lastMailAt - readyAt,
      killToLastMailMs: lastMailAt - killedAt,
      duplicates: duplicated.length,
    };
    process.stdout.write(`notifier mid-send crash: ${JSON.stringify(figures)}\n`);
    expect(lastMailAt - readyAt).toBeLessThan(10_000);
    expect(lastMailAt - killedAt).toBeLessThan(10_000);
  });
});

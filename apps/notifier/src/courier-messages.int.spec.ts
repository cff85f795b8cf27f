import { expectKratosShape, identityRegistered, sixDigits, uniqueName, waitFor } from '@gatehouse/testing';
import { Queue } from 'bullmq';
import { REDACTED_CODE } from './queue/mail.processor';
import { NotifierHarness } from '../test/notifier-harness';

interface Message {
  id: string;
  status: string;
  recipient: string;
  body: string;
  send_count: number;
  dispatches: Array<{ status: string; message_id: string; error?: unknown }>;
}

describe('courier messages (real Postgres, Kafka, Redis and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(async () => {
    await h.start();
  });

  afterAll(async () => {
    await h.stop();
  });

  const sentMessage = async (eventId: string) =>
    waitFor(async () => {
      const row = await h.messageRow(eventId);
      return row?.status === 'sent' && row;
    }, { what: 'the message to be sent' });

  it('one event → one message row (created queued, ends sent) with one success dispatch and the code redacted', async () => {
    const code = sixDigits();
    const event = identityRegistered({ code });
    const email = event.data.verification!.address;
    await h.publish(event);
    const mail = await h.sink.waitForMail(email);
    expect(mail.text).toContain(code);
    const row = await sentMessage(event.id);

    const { status, body, headers } = await h.get(`/admin/courier/messages/${String(row.id)}`);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('private, no-cache, no-store, must-revalidate');
    expectKratosShape('message', body);
    const message = body as Message;
    expect(message).toMatchObject({ id: row.id, status: 'sent', type: 'email', recipient: email, subject: mail.subject, template_type: 'verification_code_valid', send_count: 1 });
    expect(message.dispatches).toEqual([expect.objectContaining({ status: 'success', message_id: row.id })]);
    expect(message.dispatches[0]).not.toHaveProperty('error');
    // The stored body is the rendered plaintext, with the code and the link that carries it redacted.
    expect(message.body).toContain(REDACTED_CODE);
    expect(message.body).toContain(`code=${REDACTED_CODE}`);
    expect(message.body).not.toContain(code);
    expect(JSON.stringify(await h.messageRow(event.id))).not.toContain(code);
    const dispatches = await h.db.query(`SELECT * FROM "${h.schema}".courier_message_dispatches WHERE message_id = $1`, [row.id]);
    expect(JSON.stringify(dispatches.rows)).not.toContain(code);
  });

  it('a replay of the topic from offset 0 by a new group into a NEW queue sends no second mail', async () => {
    const event = identityRegistered();
    const email = event.data.verification!.address;
    await h.publish(event);
    await h.sink.waitForMail(email);
    await sentMessage(event.id);
    const before = h.sink.mails.length;

    // A new consumer group reads the topic from the beginning; the new queue knows none of the old job ids.
    const replayGroup = uniqueName('notifier_it_replay');
    const replayQueue = uniqueName('courier_it_replay');
    await h.startInstance({ KAFKA_GROUP_ID: replayGroup, COURIER_QUEUE_NAME: replayQueue });
    await h.caughtUp(replayGroup);

    const queue = new Queue(replayQueue, { connection: { url: h.config().redis.url } });
    try {
      expect(await queue.getJob(event.id)).toBeUndefined();
      expect(await queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed')).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
    } finally {
      await queue.close();
    }
    expect(h.sink.mails).toHaveLength(before);
    expect(h.sink.mailsTo(email)).toHaveLength(1);
    expect(await h.messageRow(event.id)).toMatchObject({ status: 'sent', send_count: 1 });
  });
});

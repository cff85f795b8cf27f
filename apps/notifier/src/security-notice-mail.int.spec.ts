import { randomUUID } from 'node:crypto';
import { FactorType, SecurityNoticeRequested } from '@gatehouse/contracts';
import { identityRegistered, verificationRequested, waitFor } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';
import { securityNoticeRequested } from '../test/security-notices';

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `notice-${i}-${randomUUID().slice(0, 8)}@example.org`);

describe('notifier: security notice mails for SecurityNoticeRequested (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  /** The courier messages of an address, as the admin API shows them, once every one of them is sent. */
  const sentTo = (address: string) =>
    waitFor(
      async () => {
        const { body } = await h.get(`/admin/courier/messages?recipient=${encodeURIComponent(address)}`);
        const messages = body as Array<Record<string, unknown>>;
        return messages.length > 0 && messages.every((m) => m.status === 'sent') && messages;
      },
      { what: `the courier messages to ${address} to be sent` },
    );

  it.each<[SecurityNoticeRequested.V1.Data['notice'], FactorType | undefined, string]>([
    ['password_changed', undefined, 'Your password was changed'],
    ['factor_added', 'totp', 'A second factor was added to your account: Authenticator app'],
    ['factor_removed', 'lookup_secret', 'A second factor was removed from your account: Backup recovery codes'],
    ['factor_added', 'webauthn', 'A second factor was added to your account: Security key'],
    ['factor_removed', 'passkey', 'A passkey was removed from your account'],
  ])('%s %s: one mail to each address, "%s", with no link or code; the courier messages show security_notice', async (notice, factor, subject) => {
    const to = addresses(2);
    const event = securityNoticeRequested({ notice, factor, to });
    await h.publish(event);
    for (const address of to) {
      const mail = await h.sink.waitForMail(address);
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(`${subject}.`);
      expect(mail.html).toContain(`<p>${subject}.</p>`);
      expect(mail.messageId).toBe(`<${event.id}@ory.kratos.sh>`);
      expect(`${mail.text}${mail.html}`).not.toMatch(/https?:\/\/|href=|token|\b\d{6}\b/i);
      const [message, ...more] = await sentTo(address);
      expect(more).toEqual([]);
      expect(message).toMatchObject({ template_type: 'security_notice', recipient: address, subject, send_count: 1, body: mail.text });
    }
    expect(to.map((address) => h.sink.mailsTo(address).length)).toEqual([1, 1]);
  });

  it('sends nothing more for a redelivered event, nor for one naming an address twice', async () => {
    const [first, second] = addresses(2);
    const event = securityNoticeRequested({ notice: 'factor_added', factor: 'totp', to: [first, second, first.toUpperCase()] });
    await h.publish(event, event);
    await sentTo(first);
    await sentTo(second);
    // and once more after it was sent: the courier messages know it (sent), so nothing is even enqueued
    await h.publish(event);
    await h.caughtUp(h.groupId);
    const rows = await h.db.query(`SELECT recipient, status FROM "${h.schema}".courier_messages WHERE source_event_id = $1 ORDER BY recipient`, [event.id]);
    expect(rows.rows).toEqual([
      { recipient: first, status: 'sent' },
      { recipient: second, status: 'sent' },
    ]);
    expect(await h.queueEvents(`${event.id}.2`)).toEqual([]);
    expect([h.sink.mailsTo(first).length, h.sink.mailsTo(second).length]).toEqual([1, 1]);
  });
});

describe('notifier: courier.templates.security_notice.enabled=false (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(() => h.start({ COURIER_TEMPLATES_SECURITY_NOTICE_ENABLED: 'false' }));
  afterAll(() => h.stop());

  it('sends no notice and records no courier message for it; other mails still go out', async () => {
    const [address] = addresses(1);
    const notice = securityNoticeRequested({ notice: 'password_changed', to: [address] });
    const requested = verificationRequested(identityRegistered({ withVerification: false }));
    // the verification mail, published after the notice on the same partition, shows the notice was handled
    await h.publish(notice, requested);
    await h.sink.waitForMail(requested.data.address);
    await h.caughtUp(h.groupId);
    expect(h.sink.mailsTo(address)).toEqual([]);
    expect(await h.messageRow(notice.id)).toBeUndefined();
  });
});

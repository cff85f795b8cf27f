import { identityRegistered, recoveryRequested, sixDigits, waitFor } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

describe('notifier: recovery mails for RecoveryRequested (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const sent = (eventId: string) =>
    waitFor(
      async () => {
        const r = await h.messageRow(eventId);
        return r?.status === 'sent' && r;
      },
      { what: 'the courier message to be sent' },
    );

  it('sends recovery_code_valid once (a redelivery sends nothing more), and the courier message keeps the code redacted', async () => {
    const code = sixDigits();
    const event = recoveryRequested(identityRegistered({ withVerification: false }), { secret: code });
    await h.publish(event, event);
    const mail = await h.sink.waitForMail(event.data.address);
    expect(mail.subject).toBe('Recover access to your account');
    expect(mail.text).toContain(code);
    const row = await sent(event.id);
    expect(row).toMatchObject({ template_type: 'recovery_code_valid', recipient: event.data.address });
    expect(String(row.body)).not.toContain(code);
    expect(String(row.body)).toContain('******');
    expect(h.sink.mailsTo(event.data.address)).toHaveLength(1);
  });

  it('sends recovery_valid with the link, which the courier message redacts', async () => {
    const token = 'tok_' + sixDigits() + sixDigits();
    const event = recoveryRequested(identityRegistered({ withVerification: false }), { method: 'link', secret: token });
    await h.publish(event);
    const mail = await h.sink.waitForMail(event.data.address);
    expect(mail.text).toContain(`http://127.0.0.1:4433/self-service/recovery?flow=${event.data.flow_id}&token=${token}`);
    const row = await sent(event.id);
    expect(row.template_type).toBe('recovery_valid');
    expect(String(row.body)).not.toContain(token);
    expect(String(row.body)).toContain('token=******');
  });
});

import { identityRegistered, sixDigits, verificationRequested, waitFor } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

describe('notifier: verification mails for VerificationRequested (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const h = new NotifierHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('sends the code mail once, and the courier message keeps it redacted', async () => {
    const code = sixDigits();
    const event = verificationRequested(identityRegistered({ withVerification: false }), { secret: code });
    await h.publish(event, event);
    const mail = await h.sink.waitForMail(event.data.address);
    expect(mail.subject).toBe('Please verify your email address');
    expect(mail.text).toContain(code);
    expect(mail.text).toContain(`http://127.0.0.1:4433/self-service/verification?flow=${event.data.flow_id}&code=${code}`);
    const row = await waitFor(async () => {
      const r = await h.messageRow(event.id);
      return r?.status === 'sent' && r;
    }, { what: 'the courier message to be sent' });
    expect(row).toMatchObject({ template_type: 'verification_code_valid', recipient: event.data.address });
    expect(String(row.body)).not.toContain(code);
    expect(String(row.body)).toContain('******');
    expect(h.sink.mailsTo(event.data.address)).toHaveLength(1);
  });

  it('sends the link mail (verification_valid) with the token, which the courier message redacts', async () => {
    const token = 'tok_' + sixDigits() + sixDigits();
    const event = verificationRequested(identityRegistered({ withVerification: false }), { method: 'link', secret: token });
    await h.publish(event);
    const mail = await h.sink.waitForMail(event.data.address);
    expect(mail.text).toContain(`http://127.0.0.1:4433/self-service/verification?flow=${event.data.flow_id}&token=${token}`);
    expect(mail.html).toContain(token);
    const row = await waitFor(async () => {
      const r = await h.messageRow(event.id);
      return r?.status === 'sent' && r;
    }, { what: 'the courier message to be sent' });
    expect(row.template_type).toBe('verification_valid');
    expect(String(row.body)).not.toContain(token);
    expect(String(row.body)).toContain('token=******');
  });
});

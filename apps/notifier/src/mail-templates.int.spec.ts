import { ConfigError } from '@gatehouse/config';
import { TempFolder, identityRegistered, recoveryRequested, sixDigits, verificationRequested, waitFor } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

const b64 = (text: string) => `base64://${Buffer.from(text).toString('base64')}`;

describe('notifier: Kratos template overrides and traits (real Kafka, Redis, Postgres and an SMTP sink)', () => {
  const folder = new TempFolder(
    {
      'verification_code/valid/email.subject.gotmpl': 'Code {{ .VerificationCode }} for {{ .Identity.traits.name.first }}',
      'verification_code/valid/email.body.plaintext.gotmpl':
        'Dear {{ .Identity.traits.name.first }} {{ .Identity.traits.name.last -}}\n  ,\n\n{{ if .Identity.traits.name }}your code is {{ .VerificationCode }}{{ else }}no name{{ end }}\n{{ .VerificationURL }}\n',
    },
    'notifier-templates-',
  );
  const h = new NotifierHarness();

  beforeAll(() =>
    h.start({
      COURIER_TEMPLATE_OVERRIDE_PATH: folder.path,
      COURIER_TEMPLATES_RECOVERY_CODE_VALID_EMAIL_SUBJECT: b64('{{ .Identity.traits.name.first }}, recover with {{ .RecoveryCode }}'),
    }),
  );
  afterAll(async () => {
    await h.stop();
    folder.remove();
  });

  const sent = (eventId: string) =>
    waitFor(
      async () => {
        const r = await h.messageRow(eventId);
        return r?.status === 'sent' && r;
      },
      { what: 'the courier message to be sent' },
    );

  it('renders the registration mail from the override folder with the traits and the code; the built-in HTML stays; the stored body is redacted', async () => {
    const code = sixDigits();
    const event = identityRegistered({ code });
    await h.publish(event);
    const to = event.data.verification!.address;
    const mail = await h.sink.waitForMail(to);
    expect(mail.subject).toBe(`Code ${code} for Ada`);
    expect(mail.text).toContain(`Dear Ada Lovelace,\n\nyour code is ${code}\n`);
    expect(mail.text).toContain(`&code=${code}`);
    expect(mail.html).toContain(`<strong>${code}</strong>`);
    const row = await sent(event.id);
    expect(row.subject).toBe('Code ****** for Ada');
    expect(String(row.body)).toContain('your code is ******');
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('renders a VerificationRequested mail with the traits its registration brought (the notifier identity projection)', async () => {
    const code = sixDigits();
    const registered = identityRegistered({ withVerification: false });
    const requested = verificationRequested(registered, { secret: code });
    await h.publish(registered, requested, registered);
    const mail = await h.sink.waitForMail(requested.data.address);
    expect(mail.subject).toBe(`Code ${code} for Ada`);
    expect(mail.text).toContain(`your code is ${code}`);
    const identity = await h.db.query(`SELECT * FROM "${h.schema}".notifier_identities WHERE id = $1`, [registered.data.identity_id]);
    expect(identity.rows).toEqual([
      { id: registered.data.identity_id, schema_id: 'default', traits: registered.data.traits, updated_at: new Date(registered.occurredAt), last_event_id: registered.id, version: 1, deleted: false },
    ]);
  });

  it('renders the recovery code mail with an inline base64 subject using the traits; the stored subject is redacted', async () => {
    const code = sixDigits();
    const registered = identityRegistered({ withVerification: false });
    const requested = recoveryRequested(registered, { secret: code });
    await h.publish(registered, requested);
    const mail = await h.sink.waitForMail(requested.data.address);
    expect(mail.subject).toBe(`Ada, recover with ${code}`);
    expect(mail.text).toContain(code); // the built-in plaintext body
    const row = await sent(requested.id);
    expect(row.subject).toBe('Ada, recover with ******');
    expect(JSON.stringify(row)).not.toContain(code);
  });

  it('does not start with a template that does not parse, naming the key', async () => {
    const error = await h.startInstance({ COURIER_TEMPLATES_RECOVERY_VALID_EMAIL_BODY_HTML: b64('<p>{{ if .RecoveryURL }}</p>') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('courier.templates.recovery.valid.email.body.html (env COURIER_TEMPLATES_RECOVERY_VALID_EMAIL_BODY_HTML)');
    expect((error as Error).message).toContain('missing {{end}}');
  });
});

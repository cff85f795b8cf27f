import { UnrecoverableError } from 'bullmq';
import { sealCode } from '@gatehouse/contracts';
import { TEST_SECRETS } from '@gatehouse/testing';
import { identityRegistered } from '@gatehouse/testing';
import { OutgoingEmail } from '../channels/smtp.channel';
import { securityNoticeRequested } from '../../test/security-notices';
import { securityNoticeJobs } from '../reactors/security-notice.reactor';
import { verificationCodeJob } from '../reactors/verification-code.reactor';
import { CourierTemplates } from '../templates/overrides';
import { MailProcessor, REDACTED_CODE } from './mail.processor';

const settings = { cipherSecrets: TEST_SECRETS.cipher, publicBaseUrl: 'http://127.0.0.1:4433/', messageIdDomain: 'ory.kratos.sh' };
const policy = { retries: 5, backoffMs: 1000 };

function jobFor(code: string, expiresAt = new Date(Date.now() + 30 * 60_000)) {
  const event = identityRegistered({ email: 'ada@example.org', code, expiresAt });
  const spec = verificationCodeJob(event, policy, new Date())!;
  return { id: spec.opts.jobId, data: spec.data };
}

describe('MailProcessor', () => {
  it('opens the sealed code and sends the rendered verification mail', async () => {
    const sent: OutgoingEmail[] = [];
    const processor = new MailProcessor({ send: async (m) => void sent.push(m) }, settings);
    const job = jobFor('271828');
    await processor.process(job);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'ada@example.org', subject: 'Please verify your email address', messageId: `<${job.id}@ory.kratos.sh>` });
    expect(sent[0].text).toContain('271828');
    expect(sent[0].text).toContain(`http://127.0.0.1:4433/self-service/verification?flow=${job.data.source.verification_flow_id}&code=271828`);
    expect(sent[0].html).toContain('271828');
    expect(sent[0].text).toContain('expires in 30 minutes');
  });

  it('lets channel errors through so the queue retries', async () => {
    const processor = new MailProcessor({ send: async () => Promise.reject(new Error('connect ECONNREFUSED')) }, settings);
    await expect(processor.process(jobFor('111111'))).rejects.toThrow('ECONNREFUSED');
  });

  it('gives up without retries on an expired code', async () => {
    const job = jobFor('222222');
    const later = new MailProcessor({ send: async () => undefined }, settings, () => new Date(Date.parse(job.data.expires_at) + 1));
    await expect(later.process(job)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('gives up without retries when no secrets.cipher key opens the code, and never shows the code', async () => {
    const job = jobFor('333333');
    job.data.sealed_code = sealCode('333333', ['another-cipher-key-0123456789abc']);
    const processor = new MailProcessor({ send: async () => undefined }, settings);
    const error = await processor.process(job).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnrecoverableError);
    expect(String((error as Error).message)).not.toContain('333333');
  });

  it('drafts the stored message with the code and the link that carries it redacted, without opening the code', () => {
    const job = jobFor('444444');
    job.data.sealed_code = 'not-even-a-sealed-code';
    const draft = new MailProcessor({ send: async () => undefined }, settings).draft(job.data);
    expect(draft).toMatchObject({ recipient: 'ada@example.org', subject: 'Please verify your email address', template_type: 'verification_code_valid' });
    expect(draft.body).toContain(REDACTED_CODE);
    expect(draft.body).toContain(`flow=${job.data.source.verification_flow_id}&code=${REDACTED_CODE}`);
    expect(draft.body).not.toContain('444444');
  });

  it('redacts the code by value in an overridden template, wherever and however often it prints it', async () => {
    const b64 = (t: string) => `base64://${Buffer.from(t).toString('base64')}`;
    const templates = CourierTemplates.load({
      templates: {
        verification_code: {
          valid: { email: { subject: b64('{{ .VerificationCode }} is your code, {{ .Identity.traits.name.first }}'), body: { plaintext: b64('{{ .VerificationCode }}|{{ .verification_code }}|{{ .VerificationURL }}') } } },
        },
      },
    });
    const sent: OutgoingEmail[] = [];
    const processor = new MailProcessor({ send: async (m) => void sent.push(m) }, { ...settings, templates });
    const job = jobFor('555555');
    await processor.process(job);
    expect(sent[0].subject).toBe('555555 is your code, Ada');
    expect(sent[0].text).toContain('555555|555555|http://');
    const draft = processor.draft(job.data);
    expect(draft.subject).toBe(`${REDACTED_CODE} is your code, Ada`);
    expect(draft.body).toBe(`${REDACTED_CODE}|${REDACTED_CODE}|http://127.0.0.1:4433/self-service/verification?flow=${job.data.source.verification_flow_id}&code=${REDACTED_CODE}`);
    expect(JSON.stringify(draft)).not.toContain('555555');
  });

  it('sends a security notice to each of its addresses with nothing to open, and drafts each exactly as it is sent', async () => {
    const event = securityNoticeRequested({ notice: 'factor_removed', factor: 'totp', to: ['ada@example.org', 'ada@work.example'] });
    const sent: OutgoingEmail[] = [];
    // no secrets.cipher key at all: a notice has no secret
    const processor = new MailProcessor({ send: async (m) => void sent.push(m) }, { ...settings, cipherSecrets: [] });
    const jobs = securityNoticeJobs(event, policy, new Date());
    for (const spec of jobs) await processor.process({ id: spec.opts.jobId, data: spec.data });
    const subject = 'A second factor was removed from your account: Authenticator app';
    // one notice, the same Message-ID for each of its recipients (as one mail to both would have)
    expect(sent.map((m) => [m.to, m.subject, m.messageId])).toEqual([
      ['ada@example.org', subject, `<${event.id}@ory.kratos.sh>`],
      ['ada@work.example', subject, `<${event.id}@ory.kratos.sh>`],
    ]);
    expect(processor.draft(jobs[1].data)).toEqual({ recipient: 'ada@work.example', subject, body: sent[1].text, template_type: 'security_notice' });
  });
});

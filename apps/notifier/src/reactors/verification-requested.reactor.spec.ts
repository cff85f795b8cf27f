import { identityRegistered, verificationRequested } from '@gatehouse/testing';
import { verificationRequestedJob } from './verification-requested.reactor';

const policy = { retries: 5, backoffMs: 1000 };
const now = new Date();

describe('verificationRequestedJob (pure mapping)', () => {
  const registered = identityRegistered({ email: 'grace@example.org', withVerification: false });

  it('maps the code method to a verification_code_valid job whose id is the event id, the code kept sealed', () => {
    const event = verificationRequested(registered, { secret: '271828' });
    const job = verificationRequestedJob(event, policy, now)!;
    expect(job).toMatchObject({
      name: 'verification_code_valid',
      data: {
        template_type: 'verification_code_valid',
        to: 'grace@example.org',
        sealed_code: (event.data as { sealed_code: string }).sealed_code,
        expires_at: event.data.expires_at,
        source: { event_id: event.id, event_type: 'VerificationRequested', flow_id: event.data.flow_id, verification_flow_id: event.data.flow_id },
      },
      opts: { jobId: event.id, attempts: 6 },
    });
    expect(JSON.stringify(job)).not.toContain('271828');
  });

  it('maps the link method to a verification_valid job carrying the sealed token', () => {
    const event = verificationRequested(registered, { method: 'link', secret: 'the-token' });
    const job = verificationRequestedJob(event, policy, now)!;
    expect(job.name).toBe('verification_valid');
    expect(job.data.sealed_code).toBe((event.data as { sealed_token: string }).sealed_token);
    expect(JSON.stringify(job)).not.toContain('the-token');
  });

  it('ignores an expired secret, other types and versions', () => {
    expect(verificationRequestedJob(verificationRequested(registered, { expiresAt: new Date(now.getTime() - 1) }), policy, now)).toBeUndefined();
    expect(verificationRequestedJob(registered, policy, now)).toBeUndefined();
    expect(verificationRequestedJob({ ...verificationRequested(registered), version: 2 }, policy, now)).toBeUndefined();
  });
});

import { EventEnvelope } from '@gatehouse/contracts';
import { identityRegistered } from '@gatehouse/testing';
import { MessageStatus } from '../courier/message-status';
import { KEEP_FINISHED_JOBS_SECONDS, MailJobSpec } from '../mail/mail-job';
import { VerificationCodeReactor, verificationCodeJob } from './verification-code.reactor';

const policy = { retries: 5, backoffMs: 1000 };
const now = new Date();

describe('verificationCodeJob (pure mapping)', () => {
  it('maps an IdentityRegistered with a verification code to one job whose id is the event id', () => {
    const event = identityRegistered({ email: 'ada@example.org' });
    const job = verificationCodeJob(event, policy, now);
    const verification = event.data.verification!;
    expect(job).toEqual({
      name: 'verification_code_valid',
      data: {
        template_type: 'verification_code_valid',
        to: 'ada@example.org',
        sealed_code: verification.sealed_code,
        expires_at: verification.expires_at,
        identity: { id: event.data.identity_id, schema_id: 'default', traits: event.data.traits },
        source: { event_id: event.id, event_type: 'IdentityRegistered', flow_id: event.data.flow_id, verification_flow_id: event.data.verification!.flow_id },
      },
      opts: {
        jobId: event.id,
        attempts: 6,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: KEEP_FINISHED_JOBS_SECONDS },
        removeOnFail: { age: KEEP_FINISHED_JOBS_SECONDS },
      },
    });
  });

  it('keeps the code sealed in the job', () => {
    const job = verificationCodeJob(identityRegistered({ code: '314159' }), policy, now)!;
    expect(JSON.stringify(job)).not.toContain('314159');
  });

  it('is deterministic: the same event always gives the same job id', () => {
    const event = identityRegistered();
    expect(verificationCodeJob(event, policy, now)!.opts.jobId).toBe(verificationCodeJob(event, policy, now)!.opts.jobId);
  });

  it('ignores an IdentityRegistered without verification', () => {
    expect(verificationCodeJob(identityRegistered({ withVerification: false }), policy, now)).toBeUndefined();
  });

  it('ignores an event whose code has already expired (a replay of old history)', () => {
    expect(verificationCodeJob(identityRegistered({ expiresAt: new Date(now.getTime() - 1) }), policy, now)).toBeUndefined();
  });

  it('ignores other event types and versions', () => {
    const event = identityRegistered();
    expect(verificationCodeJob({ ...event, type: 'SessionIssued' }, policy, now)).toBeUndefined();
    expect(verificationCodeJob({ ...event, version: 2 }, policy, now)).toBeUndefined();
  });
});

describe('VerificationCodeReactor (adapter)', () => {
  function reactorWith(statusOf: (eventId: string) => MessageStatus = () => 'queued') {
    const queued: MailJobSpec[] = [];
    const recorded: string[] = [];
    const outbox = {
      recordQueued: async (job: MailJobSpec) => {
        recorded.push(job.opts.jobId);
        return statusOf(job.opts.jobId);
      },
    };
    const reactor = new VerificationCodeReactor({ enqueue: async (job) => void queued.push(job) }, outbox, policy);
    return { reactor, queued, recorded };
  }

  it('records the message, then enqueues exactly the mapped job, and nothing for events that need no mail', async () => {
    const { reactor, queued, recorded } = reactorWith();
    const event = identityRegistered();
    await reactor.handle(event);
    await reactor.handle(identityRegistered({ withVerification: false }));
    await reactor.handle({ ...event, type: 'Other' } as EventEnvelope);
    expect(recorded).toEqual([event.id]);
    expect(queued.map((j) => j.opts.jobId)).toEqual([event.id]);
  });

  it.each(['sent', 'abandoned'] as const)('does not enqueue an event whose message is already %s (durable dedupe)', async (status) => {
    const { reactor, queued } = reactorWith(() => status);
    await reactor.handle(identityRegistered());
    expect(queued).toHaveLength(0);
  });

  it.each(['queued', 'processing'] as const)('enqueues again while the message is %s (BullMQ dedupes a live job)', async (status) => {
    const { reactor, queued } = reactorWith(() => status);
    await reactor.handle(identityRegistered());
    expect(queued).toHaveLength(1);
  });
});

import { identityRegistered } from '@gatehouse/testing';
import { securityNoticeRequested } from '../../test/security-notices';
import { MessageStatus } from '../courier/message-status';
import { KEEP_FINISHED_JOBS_SECONDS, MailJobSpec } from '../mail/mail-job';
import { NOTICE_MAX_AGE_MS, SecurityNoticeReactor, securityNoticeJobs } from './security-notice.reactor';

const policy = { retries: 5, backoffMs: 1000 };
const now = new Date();

describe('securityNoticeJobs (pure mapping)', () => {
  it('maps a notice to one security_notice job per address, the first with the event id as job id', () => {
    const event = securityNoticeRequested({ notice: 'factor_added', factor: 'totp', to: ['ada@example.org', 'ada@work.example'] });
    const jobs = securityNoticeJobs(event, policy, now);
    expect(jobs.map((j) => [j.opts.jobId, j.data.to])).toEqual([
      [event.id, 'ada@example.org'],
      [`${event.id}.1`, 'ada@work.example'],
    ]);
    expect(jobs[0]).toEqual({
      name: 'security_notice',
      data: {
        template_type: 'security_notice',
        to: 'ada@example.org',
        notice: { type: 'factor_added', factor: 'totp', requested_at: event.data.requested_at },
        identity: { id: event.data.identity_id, schema_id: 'default', traits: {} },
        source: { event_id: event.id, event_type: 'SecurityNoticeRequested' },
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

  it('mails an address once, however often and in whatever case the event names it', () => {
    const event = securityNoticeRequested({ to: ['ada@example.org', 'Ada@Example.org', 'grace@example.org', 'ada@example.org'] });
    expect(securityNoticeJobs(event, policy, now).map((j) => j.data.to)).toEqual(['ada@example.org', 'grace@example.org']);
  });

  it('is deterministic: the same event always gives the same job ids', () => {
    const event = securityNoticeRequested({ to: ['a@example.org', 'b@example.org'] });
    expect(securityNoticeJobs(event, policy, now).map((j) => j.opts.jobId)).toEqual(securityNoticeJobs(event, policy, new Date()).map((j) => j.opts.jobId));
  });

  it('ignores a notice older than NOTICE_MAX_AGE_MS (a replay of old history), other types and versions, and data that breaks the contract', () => {
    const old = securityNoticeRequested({ requestedAt: new Date(now.getTime() - NOTICE_MAX_AGE_MS - 1) });
    expect(securityNoticeJobs(old, policy, now)).toEqual([]);
    expect(securityNoticeJobs(securityNoticeRequested({ requestedAt: new Date(now.getTime() - NOTICE_MAX_AGE_MS + 60_000) }), policy, now)).toHaveLength(1);
    const event = securityNoticeRequested();
    expect(securityNoticeJobs({ ...event, version: 2 }, policy, now)).toEqual([]);
    expect(securityNoticeJobs(identityRegistered(), policy, now)).toEqual([]);
    expect(securityNoticeJobs({ ...event, data: { ...event.data, to: [] } }, policy, now)).toEqual([]);
  });
});

describe('SecurityNoticeReactor', () => {
  function wire(statusOf: (eventId: string, recipient: string) => MessageStatus = () => 'queued') {
    const recorded: string[] = [];
    const queued: MailJobSpec[] = [];
    const outbox = {
      recordQueued: async (job: MailJobSpec) => {
        recorded.push(job.data.to);
        return statusOf(job.data.source.event_id, job.data.to);
      },
    };
    const queue = { enqueue: async (job: MailJobSpec) => void queued.push(job) };
    const identities = { apply: async () => undefined, find: async () => ({ id: 'i', schema_id: 'customer', traits: { email: 'ada@example.org' } }) };
    return { recorded, queued, reactor: new SecurityNoticeReactor(queue, outbox, policy, identities) };
  }

  it('records and enqueues one message per address, with the projected traits', async () => {
    const w = wire();
    await w.reactor.handle(securityNoticeRequested({ to: ['a@example.org', 'b@example.org'] }));
    expect(w.recorded).toEqual(['a@example.org', 'b@example.org']);
    expect(w.queued.map((j) => j.data.identity)).toEqual([
      { id: 'i', schema_id: 'customer', traits: { email: 'ada@example.org' } },
      { id: 'i', schema_id: 'customer', traits: { email: 'ada@example.org' } },
    ]);
  });

  it('does not enqueue again a message that is already sent (a redelivery after Redis forgot the job)', async () => {
    const w = wire((_, recipient) => (recipient === 'a@example.org' ? 'sent' : 'queued'));
    await w.reactor.handle(securityNoticeRequested({ to: ['a@example.org', 'b@example.org'] }));
    expect(w.queued.map((j) => j.data.to)).toEqual(['b@example.org']);
  });
});

import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope, SecurityNoticeRequested } from '@gatehouse/contracts';
import { KEEP_FINISHED_JOBS_SECONDS, MailJobSpec, NoticeMailData, RetryPolicy, mailJobId, mailJobOptions } from '../mail/mail-job';
import { TEMPLATE_TYPES } from '../templates/template';
import { COURIER_OUTBOX, CourierOutboxPort, IDENTITY_DIRECTORY, IdentityDirectoryPort, MAIL_QUEUE, MailQueuePort, RETRY_POLICY } from '../tokens';
import { enqueueOnce } from './enqueue-once';
import { withKnownIdentity } from './identity-projector.reactor';

/** A notice requested longer ago than this asks for nothing: an old event replayed (a new consumer group reads
 * the topic from the beginning) to a notifier whose courier messages no longer know it must not tell people of
 * changes made long ago. As long as BullMQ keeps a finished job, so Redis alone still deduplicates until then. */
export const NOTICE_MAX_AGE_MS = KEEP_FINISHED_JOBS_SECONDS * 1000;

/** Pure: a SecurityNoticeRequested becomes one security_notice job per address it names (each address once, however
 * it is spelled), the first with the event id as job id and the others `<event id>.<n>` (mailJobId). Anything
 * else, and a notice older than NOTICE_MAX_AGE_MS, asks for nothing. */
export function securityNoticeJobs(event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec<NoticeMailData>[] {
  if (event.type !== SecurityNoticeRequested.V1.name || event.version !== SecurityNoticeRequested.V1.version) return [];
  const parsed = SecurityNoticeRequested.V1.schema.safeParse(event.data);
  if (!parsed.success) return [];
  const data = parsed.data;
  if (now.getTime() - Date.parse(data.requested_at) > NOTICE_MAX_AGE_MS) return [];
  const notice: NoticeMailData['notice'] = { type: data.notice, ...(data.factor ? { factor: data.factor } : {}), requested_at: data.requested_at };
  return distinctAddresses(data.to).map((to, index) => ({
    name: TEMPLATE_TYPES.securityNotice,
    data: {
      template_type: TEMPLATE_TYPES.securityNotice,
      to,
      notice,
      // the event names no traits: the reactor fills them in from notifier_identities (withKnownIdentity)
      identity: { id: data.identity_id, schema_id: 'default', traits: {} },
      source: { event_id: event.id, event_type: event.type },
    },
    opts: mailJobOptions(mailJobId(event.id, index), policy),
  }));
}

/** The addresses in the order given, each once (compared without case, as mailboxes are). */
function distinctAddresses(to: SecurityNoticeRequested.V1.Data['to']): string[] {
  const seen = new Set<string>();
  return to.map((t) => t.address).filter((address) => !seen.has(address.toLowerCase()) && seen.add(address.toLowerCase()));
}

/** The adapter: a notice in, one courier message and one enqueued job per address out; idempotent per event and
 * address (enqueueOnce). Subscribed only while courier.templates.security_notice.enabled is on. */
@Injectable()
export class SecurityNoticeReactor {
  constructor(
    @Inject(MAIL_QUEUE) private readonly queue: MailQueuePort,
    @Inject(COURIER_OUTBOX) private readonly outbox: CourierOutboxPort,
    @Inject(RETRY_POLICY) private readonly policy: RetryPolicy,
    @Inject(IDENTITY_DIRECTORY) private readonly identities: IdentityDirectoryPort,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    for (const job of securityNoticeJobs(event, this.policy, new Date())) {
      await enqueueOnce(await withKnownIdentity(job, this.identities), this.outbox, this.queue);
    }
  }
}

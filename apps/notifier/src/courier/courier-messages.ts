import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CourierDispatchEntity, CourierMessageEntity } from '../database/entities';
import type { MessageDraft } from '../queue/mail.processor';
import { AttemptOutcome, MessageStatus, afterDispatch, isFinal } from './message-status';
import { PageKey } from './page-token';
import type { Claim } from './send-decision';

export type { Claim } from './send-decision';

export interface ListFilter {
  status?: MessageStatus;
  recipient?: string;
}

export interface MessageWithDispatches {
  message: CourierMessageEntity;
  dispatches: CourierDispatchEntity[];
}

/** The attempt's lease ran out and another worker may hold the message: this attempt must not send. */
export class LeaseLostError extends Error {
  constructor(messageId: string) {
    super(`lost the lease on courier message ${messageId} before sending`);
    this.name = 'LeaseLostError';
  }
}

/** The courier-messages projection in Postgres: the rows the admin API shows, and the durable record of
 * what was sent, which the reactor and the worker consult so that no event ever sends a second mail. */
export class CourierMessages {
  /** leaseMs: how long a worker holds a message it picked up (courier.worker.lock_duration, as BullMQ's job
   * lock); a crashed worker's message is free again after it. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the queued message for an event and its recipient unless one exists (UNIQUE source_event_id,
   * recipient); returns the status of that message either way. */
  async recordQueued(eventId: string, draft: MessageDraft): Promise<MessageStatus> {
    const now = this.now();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CourierMessageEntity)
      .values({
        id: randomUUID(),
        source_event_id: eventId,
        type: 'email',
        channel: 'email',
        status: 'queued',
        recipient: draft.recipient,
        subject: draft.subject,
        body: draft.body,
        template_type: draft.template_type,
        send_count: 0,
        locked_until: null,
        send_started_at: null,
        possible_duplicate: false,
        created_at: now,
        updated_at: now,
      })
      .orIgnore()
      .execute();
    const row = await this.dataSource
      .getRepository(CourierMessageEntity)
      .findOneOrFail({ where: { source_event_id: eventId, recipient: draft.recipient }, select: { status: true } });
    return row.status;
  }

  /** Picks the event's message to a recipient up for one attempt: queued (or processing with a lapsed lease) → processing.
   * The WHERE clause is canClaim() in SQL, so that the check and the change are one atomic statement. It
   * returns whether an earlier attempt had marked the send started without recording its outcome. */
  async claim(eventId: string, recipient: string): Promise<Claim> {
    const now = this.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    const [rows] = (await this.dataSource.query(
      `UPDATE ${this.table()} SET status = 'processing', locked_until = $2, updated_at = $3
        WHERE source_event_id = $1 AND recipient = $4
          AND (status = 'queued' OR (status = 'processing' AND (locked_until IS NULL OR locked_until <= $3)))
        RETURNING id, send_count, send_started_at`,
      [eventId, leaseUntil, now, recipient],
    )) as [Array<{ id: string; send_count: number; send_started_at: Date | null }>, number];
    if (rows.length === 1) return { kind: 'claimed', messageId: rows[0].id, sendCount: rows[0].send_count, leaseUntil, sendStarted: rows[0].send_started_at !== null };
    const row = await this.dataSource
      .getRepository(CourierMessageEntity)
      .findOne({ where: { source_event_id: eventId, recipient }, select: { status: true, locked_until: true } });
    if (!row) return { kind: 'missing' };
    return isFinal(row.status) ? { kind: 'final', status: row.status } : { kind: 'busy', lockedUntil: row.locked_until };
  }

  /** The "send started" mark, committed before the mail goes to SMTP: an attempt that finds it set on its
   * claim knows the one before may have delivered. Fenced by the claim's lease (locked_until unchanged since
   * the claim, so no other worker took the message over), which it renews. Flags the message a possible
   * duplicate when asked (sticky). Rejects when the lease was lost: then nothing may be sent. */
  async markSendStarted(messageId: string, leaseUntil: Date, possibleDuplicate: boolean): Promise<Date> {
    const now = this.now();
    const renewed = new Date(now.getTime() + this.leaseMs);
    const [rows] = (await this.dataSource.query(
      `UPDATE ${this.table()} SET send_started_at = $3, possible_duplicate = possible_duplicate OR $4, locked_until = $5, updated_at = $3
        WHERE id = $1 AND status = 'processing' AND locked_until = $2
        RETURNING id`,
      [messageId, leaseUntil, now, possibleDuplicate, renewed],
    )) as [Array<{ id: string }>, number];
    if (rows.length !== 1) throw new LeaseLostError(messageId);
    return renewed;
  }

  /** Records one attempt (a dispatch) and moves the message on: sent, queued again, or abandoned. */
  async recordDispatch(messageId: string, outcome: AttemptOutcome & { error?: string; worker: string }, retries: number): Promise<MessageStatus> {
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const message = await tx.getRepository(CourierMessageEntity).findOneOrFail({ where: { id: messageId }, lock: { mode: 'pessimistic_write' } });
      const now = this.now();
      const sendCount = message.send_count + 1;
      const status = afterDispatch(sendCount, retries, outcome);
      await tx.getRepository(CourierMessageEntity).update({ id: messageId }, { status, send_count: sendCount, locked_until: null, send_started_at: null, updated_at: now });
      await tx.getRepository(CourierDispatchEntity).insert({
        id: randomUUID(),
        message_id: messageId,
        status: outcome.ok ? 'success' : 'failed',
        error: outcome.ok ? null : { message: outcome.error ?? 'unknown error' },
        worker: outcome.worker,
        created_at: now,
        updated_at: now,
      });
      return status;
    });
  }

  /** One page, newest first, after the given key; one row more than asked tells whether a next page exists. */
  async list(filter: ListFilter, pageSize: number, after: PageKey | undefined): Promise<{ items: MessageWithDispatches[]; next?: PageKey }> {
    const q = this.dataSource.getRepository(CourierMessageEntity).createQueryBuilder('m');
    if (filter.status) q.andWhere('m.status = :status', { status: filter.status });
    if (filter.recipient) q.andWhere('m.recipient = :recipient', { recipient: filter.recipient });
    if (after) q.andWhere('(m.created_at, m.id) < (:createdAt, :id)', { createdAt: after.createdAt, id: after.id });
    const rows = await q.orderBy('m.created_at', 'DESC').addOrderBy('m.id', 'DESC').limit(pageSize + 1).getMany();
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const next = rows.length > pageSize && last ? { createdAt: last.created_at, id: last.id } : undefined;
    return { items: await this.withDispatches(page), next };
  }

  async get(id: string): Promise<MessageWithDispatches | undefined> {
    const message = await this.dataSource.getRepository(CourierMessageEntity).findOne({ where: { id } });
    return message ? (await this.withDispatches([message]))[0] : undefined;
  }

  /** The event's message (to `recipient`, for an event that mails several addresses). */
  async byEventId(eventId: string, recipient?: string): Promise<MessageWithDispatches | undefined> {
    const message = await this.dataSource.getRepository(CourierMessageEntity).findOne({ where: { source_event_id: eventId, ...(recipient === undefined ? {} : { recipient }) } });
    return message ? (await this.withDispatches([message]))[0] : undefined;
  }

  private table(): string {
    return this.dataSource.getMetadata(CourierMessageEntity).tablePath;
  }

  private async withDispatches(messages: CourierMessageEntity[]): Promise<MessageWithDispatches[]> {
    if (messages.length === 0) return [];
    const dispatches = await this.dataSource
      .getRepository(CourierDispatchEntity)
      .createQueryBuilder('d')
      .where('d.message_id IN (:...ids)', { ids: messages.map((m) => m.id) })
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    return messages.map((message) => ({ message, dispatches: dispatches.filter((d) => d.message_id === message.id) }));
  }
}

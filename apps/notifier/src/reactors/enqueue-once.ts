import { isFinal } from '../courier/message-status';
import { MailJobSpec } from '../mail/mail-job';
import { CourierOutboxPort, MailQueuePort } from '../tokens';

/** What every reactor does with the job an event asks for: record the courier message (unique per event id),
 * then enqueue, unless the message is already sent or abandoned. A queued or processing message is enqueued
 * again, which BullMQ ignores while the job (id = event id) exists and which repairs a crash in between. */
export async function enqueueOnce(job: MailJobSpec | undefined, outbox: CourierOutboxPort, queue: MailQueuePort): Promise<void> {
  if (!job) return;
  const status = await outbox.recordQueued(job);
  if (isFinal(status)) return;
  await queue.enqueue(job);
}

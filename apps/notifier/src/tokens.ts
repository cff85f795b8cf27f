import { MailJobSpec } from './mail/mail-job';

export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
export const REDIS = Symbol('REDIS');
export const MAIL_QUEUE = Symbol('MAIL_QUEUE');
export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** Where reactors put mail jobs. Adding a job whose id already exists is a no-op (BullMQ checks it atomically). */
export interface MailQueuePort {
  enqueue(job: MailJobSpec): Promise<void>;
}

import type { MessageStatus } from './courier/message-status';
import { MailJobSpec } from './mail/mail-job';
import type { IdentityChange, KnownIdentity } from './identities/notifier-identities';

export const NOTIFIER_CONFIG = Symbol('NOTIFIER_CONFIG');
export const REDIS = Symbol('REDIS');
export const MAIL_QUEUE = Symbol('MAIL_QUEUE');
export const RETRY_POLICY = Symbol('RETRY_POLICY');
export const COURIER_OUTBOX = Symbol('COURIER_OUTBOX');
/** This notifier instance's name (host:pid:random), given to the BullMQ worker and recorded on dispatches. */
export const INSTANCE_NAME = Symbol('INSTANCE_NAME');

/** Where reactors put mail jobs. Adding a job whose id already exists is a no-op (BullMQ checks it atomically). */
export interface MailQueuePort {
  enqueue(job: MailJobSpec): Promise<void>;
}

/** Where reactors record the courier message of a job before enqueueing it (idempotent by event id and recipient). */
export interface CourierOutboxPort {
  /** Creates the queued message unless the event already has one to the job's recipient; returns that message's status. */
  recordQueued(job: MailJobSpec): Promise<MessageStatus>;
}

export const IDENTITY_DIRECTORY = Symbol('IDENTITY_DIRECTORY');

/** The notifier's identity projection, as the reactors see it. */
export interface IdentityDirectoryPort {
  /** Writes the row change an identity event implies (idempotent: a redelivery or replay changes nothing). */
  apply(change: IdentityChange): Promise<void>;
  /** The identity's schema and traits, or undefined when its creation has not been seen (yet) or it was deleted. */
  find(id: string): Promise<KnownIdentity | undefined>;
}

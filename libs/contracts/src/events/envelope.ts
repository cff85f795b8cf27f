import { z } from 'zod';

/** What every domain event carries besides its data; the same fields become CloudEvents attributes on Kafka. */
export const eventEnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  streamId: z.string().min(1),
  streamVersion: z.number().int().positive(),
  subject: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  data: z.unknown(),
});

export type EventEnvelope<T = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: T };

/** An event as a decider emits it: no id, stream position or time yet. */
export interface NewEvent<T = unknown> {
  type: string;
  version: number;
  data: T;
  /** The part that stays in the event store, sealed under the subject's data key: never published, never on
   * Kafka (password hashes, token digests). Its shape is the write side's business. */
  secrets?: Record<string, unknown>;
}

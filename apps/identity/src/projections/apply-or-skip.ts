import { EventEnvelope } from '@gatehouse/contracts';
import type { ProjectionOutcome } from './projection.fold';

/** What applies events to the read model, each call one unit that commits or leaves nothing: the IdentityProjector
 * on transactions of its own (the Kafka consumer), or on savepoints of a rebuild's transaction. */
export interface ProjectionUnits {
  applyBatch(events: readonly EventEnvelope[]): Promise<ProjectionOutcome[]>;
  apply(event: EventEnvelope): Promise<ProjectionOutcome>;
  skip(event: EventEnvelope): Promise<void>;
}

/** Where the fallback tells what it did (the runner logs, names Kafka offsets and heartbeats). */
export interface FallbackObserver {
  batchRefused(error: Error): void;
  /** Before the refused event at `index` is skipped. */
  eventSkipped(index: number, error: Error): void;
  /** After each event applied (or skipped) one by one. */
  afterEvent?(): Promise<void>;
}

/** Applies a run of events as one unit. When the database refuses the run for what an event holds, applies its events
 * one by one instead and skips those it refuses: a poison event never blocks the others, and counts as processed. */
export async function applyOrSkip(units: ProjectionUnits, events: readonly EventEnvelope[], observer: FallbackObserver): Promise<ProjectionOutcome[]> {
  try {
    return await units.applyBatch(events);
  } catch (e) {
    if (!isRefusedData(e)) throw e;
    observer.batchRefused(e as Error);
  }
  const outcomes: ProjectionOutcome[] = [];
  for (const [index, event] of events.entries()) {
    try {
      outcomes.push(await units.apply(event));
    } catch (e) {
      if (!isRefusedData(e)) throw e;
      observer.eventSkipped(index, e as Error);
      await units.skip(event);
      outcomes.push('skipped');
    }
    await observer.afterEvent?.();
  }
  return outcomes;
}

/** A record the database rejects for what it holds (class 22 data exception, class 23 integrity violation) fails
 * the same way on every retry, unlike a lost connection or a timeout. */
export function isRefusedData(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

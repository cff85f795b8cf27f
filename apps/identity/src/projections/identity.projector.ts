import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEnvelope } from '@gatehouse/contracts';
import { ProcessedEventEntity } from '../database/entities';
import { loadIdentityRow, saveIdentityRow } from '../database/identity.store';
import { evolve, identityProjection } from './identity.projection';

/** What applying one event did. */
export type ProjectionOutcome = 'applied' | 'unchanged' | 'duplicate' | 'ignored';

/** Applies identity events to the read model, one transaction per event:
 * 1. record the event id in processed_events (ON CONFLICT DO NOTHING): a redelivery stops here ('duplicate');
 * 2. lock and load the identity document, fold the event with the pure `evolve`;
 * 3. write only if evolve returned a new document.
 * Concurrent deliveries of one event serialize on the processed_events primary key. */
@Injectable()
export class IdentityProjector {
  constructor(private readonly dataSource: DataSource) {}

  async apply(event: EventEnvelope): Promise<ProjectionOutcome> {
    const identityId = identityProjection.identityIdOf(event);
    if (!identityId) return 'ignored';
    return this.dataSource.transaction(async (m) => {
      const recorded = await m
        .createQueryBuilder()
        .insert()
        .into(ProcessedEventEntity)
        .values({
          projection: identityProjection.name,
          event_id: event.id,
          type: event.type,
          stream_id: event.streamId,
          stream_version: event.streamVersion,
          occurred_at: new Date(event.occurredAt),
        })
        .orIgnore()
        .returning(['event_id'])
        .execute();
      if ((recorded.raw as unknown[]).length === 0) return 'duplicate';
      const current = await loadIdentityRow(m, identityId, { lock: true });
      const next = evolve(current, event);
      if (next === null || next === current) return 'unchanged';
      await saveIdentityRow(m, next);
      return 'applied';
    });
  }
}

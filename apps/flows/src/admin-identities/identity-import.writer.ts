import { Actor, EventEnvelope, streamId } from '@gatehouse/contracts';
import { Claim, EventStore, claimKey } from '@gatehouse/eventsourcing';
import { importSummary } from './admin-identity.decide';
import { withConfigs } from './admin-identity.writer';
import { AdminIdentityEvent } from './admin-identity.state';
import { AdminIdentity, claimsOf } from './identity-record';

export interface ImportItem {
  identity: AdminIdentity;
  /** Its IdentityCreated, as the decider decided it. */
  events: AdminIdentityEvent[];
}

export interface ImportBatch {
  importId: string;
  /** Items in the request, refused ones included (IdentitiesImported counts the refused). */
  total: number;
  actor: Actor;
  now: Date;
  /** Validated items, free of duplicates among themselves. */
  items: readonly ImportItem[];
}

/** Records one import batch in one transaction with set-based statements: all claims at once (an identifier held
 * by another identity refuses its item, whose other claims are given back), then all events (each
 * IdentityCreated in its identity's new stream, its credential configs sealed in it, one IdentitiesImported
 * summary); the identity tables follow as inline projections. */
export class IdentityImportWriter {
  constructor(private readonly store: EventStore) {}

  async write(batch: ImportBatch): Promise<{ created: Set<string>; events: EventEnvelope[] }> {
    const { result, events } = await this.store.transact(async (tx) => {
      const claimsByItem = batch.items.map((item) => claimsOf(item.identity).map((c): Claim => ({ ...c, streamId: streamId.identity(item.identity.id) })));
      const taken = await tx.claimFree(claimsByItem.flat());
      const refused = new Set(batch.items.filter((_, i) => claimsByItem[i]!.some((c) => taken.has(claimKey(c)))).map((item) => item.identity.id));
      await tx.releaseAll(claimsByItem.filter((_, i) => refused.has(batch.items[i]!.identity.id)).flat().filter((c) => !taken.has(claimKey(c))));
      const accepted = batch.items.filter((item) => !refused.has(item.identity.id));
      if (accepted.length === 0) return new Set<string>();
      const ids = accepted.map((item) => item.identity.id);
      const summary = importSummary(batch.importId, ids, batch.total - accepted.length, batch.actor);
      await tx.appendNewStreams(
        [
          ...accepted.map((item) => ({ streamId: streamId.identity(item.identity.id), subject: item.identity.id, events: withConfigs({ events: item.events, next: item.identity }) })),
          { streamId: streamId.importBatch(batch.importId), subject: batch.importId, events: [summary] },
        ],
        batch.now,
      );
      return new Set(ids);
    });
    return { created: result, events };
  }
}

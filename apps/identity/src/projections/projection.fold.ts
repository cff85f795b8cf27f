import { EventEnvelope, IdentityCreated } from '@gatehouse/contracts';
import { CHILD_KINDS, ChildKind, IdentityRow } from './identity.row';
import { evolve, identityProjection } from './identity.projection';

/** What applying one event did ('skipped': the database refused it, see ProjectionRunner). */
export type ProjectionOutcome = 'applied' | 'unchanged' | 'duplicate' | 'ignored' | 'skipped';

/** The writes a fold needs: whole documents upserted or deleted, and per child table the identities whose set is
 * replaced (deleted first) plus the rows to insert. */
export interface DocumentChanges {
  deleted: string[];
  upserted: IdentityRow[];
  children: Record<ChildKind, { replaced: string[]; rows: object[] }>;
}

export interface Fold {
  outcomes: ProjectionOutcome[];
  changes: DocumentChanges;
  /** Import id → IdentityCreated events of that import applied by this fold. */
  imports: Map<string, number>;
}

/** A processed_events row: the ledger that makes a redelivery a no-op. */
export interface ProcessedRow {
  projection: string;
  event_id: string;
  type: string;
  stream_id: string;
  stream_version: number;
  occurred_at: string;
}

const IDENTITY_STREAM = 'identity:';

/** The ledger rows of the events this projection handles (first occurrence of each event id). Pure. */
export function processedRows(events: readonly EventEnvelope[]): ProcessedRow[] {
  const rows = new Map<string, ProcessedRow>();
  for (const e of events) {
    if (rows.has(e.id) || identityProjection.identityIdOf(e) === undefined) continue;
    rows.set(e.id, { projection: identityProjection.name, event_id: e.id, type: e.type, stream_id: e.streamId, stream_version: e.streamVersion, occurred_at: e.occurredAt });
  }
  return [...rows.values()];
}

/** The highest version per `identity:` stream among the events, every event counted (handled or not), in
 * stream id order (one lock order for concurrent transactions). Pure. */
export function streamPositions(events: readonly EventEnvelope[]): { stream_id: string; version: number }[] {
  const highest = new Map<string, number>();
  for (const e of events) {
    if (e.streamId.startsWith(IDENTITY_STREAM)) highest.set(e.streamId, Math.max(highest.get(e.streamId) ?? 0, e.streamVersion));
  }
  return [...highest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([stream_id, version]) => ({ stream_id, version }));
}

/** Folds a run of events, in order, into the documents as loaded (`before`, by identity id; a missing id has no
 * document). `fresh` holds the ids of the events recorded as new in the ledger: the others are duplicates. Pure. */
export function foldEvents(events: readonly EventEnvelope[], fresh: ReadonlySet<string>, before: ReadonlyMap<string, IdentityRow>): Fold {
  const after = new Map<string, IdentityRow | null>();
  const imports = new Map<string, number>();
  const seen = new Set<string>();
  const outcomes = events.map((event): ProjectionOutcome => {
    const id = identityProjection.identityIdOf(event);
    if (id === undefined) return 'ignored';
    if (!fresh.has(event.id) || seen.has(event.id)) return 'duplicate';
    seen.add(event.id);
    const importId = importIdOf(event);
    if (importId) imports.set(importId, (imports.get(importId) ?? 0) + 1);
    const current = after.has(id) ? (after.get(id) ?? null) : (before.get(id) ?? null);
    const next = evolve(current, event);
    after.set(id, next);
    return next === current ? 'unchanged' : 'applied';
  });
  return { outcomes, changes: changesBetween(before, after), imports };
}

/** The import batch an IdentityCreated belongs to, if any. */
export function importIdOf(event: EventEnvelope): string | undefined {
  if (event.type !== IdentityCreated.V1.name || event.version !== IdentityCreated.V1.version) return undefined;
  return (event.data as IdentityCreated.V1.Data).import_id;
}

/** The writes that turn `before` into `after`: a child set is rewritten only when its array is another one. */
export function changesBetween(before: ReadonlyMap<string, IdentityRow>, after: ReadonlyMap<string, IdentityRow | null>): DocumentChanges {
  const changes: DocumentChanges = {
    deleted: [],
    upserted: [],
    children: { verifiable_addresses: { replaced: [], rows: [] }, recovery_addresses: { replaced: [], rows: [] }, credentials: { replaced: [], rows: [] } },
  };
  for (const [id, next] of after) {
    const previous = before.get(id) ?? null;
    if (next === previous) continue;
    if (next === null) {
      changes.deleted.push(id);
      continue;
    }
    changes.upserted.push(next);
    for (const kind of CHILD_KINDS) {
      if (previous?.[kind] === next[kind]) continue;
      if (previous) changes.children[kind].replaced.push(id);
      changes.children[kind].rows.push(...next[kind]);
    }
  }
  return changes;
}

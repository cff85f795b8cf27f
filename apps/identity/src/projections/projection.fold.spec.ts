import { EventEnvelope } from '@gatehouse/contracts';
import { addressVerified, identityRegistered, verificationRequested } from '@gatehouse/testing';
import { identitiesImported, identityCreated, identityDeleted, identityStateChanged, identityUpdated } from '../../test/admin-events';
import { evolve, IdentityRow } from './identity.projection';
import { foldEvents, processedRows, streamPositions } from './projection.fold';

const IMPORT = '0d9e8f7a-6b5c-4d3e-9f2a-1b0c9d8e7f6a';

/** Every event new in the ledger (a first delivery). */
const fresh = (events: EventEnvelope[]) => new Set(events.map((e) => e.id));
const docs = (...rows: IdentityRow[]) => new Map(rows.map((r) => [r.id, r]));

describe('projection.fold (pure batch fold)', () => {
  const ada = identityCreated({ importId: IMPORT, occurredAt: '2030-01-01T00:00:00.000Z' });
  const bob = identityCreated({ importId: IMPORT });
  const summary = identitiesImported(IMPORT, [ada, bob]);

  it('given nothing, a batch of creations gives one upsert per identity with all child rows, and counts the import', () => {
    const events = [ada, bob, summary];
    const fold = foldEvents(events, fresh(events), new Map());
    expect(fold.outcomes).toEqual(['applied', 'applied', 'ignored']);
    expect(fold.changes.upserted.map((r) => r.id)).toEqual([ada.data.identity_id, bob.data.identity_id]);
    expect(fold.changes.deleted).toEqual([]);
    expect(fold.changes.children.verifiable_addresses).toEqual({ replaced: [], rows: [...(evolve(null, ada) as IdentityRow).verifiable_addresses, ...(evolve(null, bob) as IdentityRow).verifiable_addresses] });
    expect(fold.changes.children.credentials.rows).toHaveLength(4);
    expect(fold.imports).toEqual(new Map([[IMPORT, 2]]));
  });

  it('several events of one identity in one batch are folded in order into one write', () => {
    const v2 = identityUpdated(ada, { traits: { email: 'v2@example.com' } }, { streamVersion: 2 });
    const v3 = identityStateChanged(ada, 'inactive', { streamVersion: 3 });
    const events = [ada, v2, v3];
    const fold = foldEvents(events, fresh(events), new Map());
    expect(fold.outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(fold.changes.upserted).toEqual([events.reduce<IdentityRow | null>(evolve, null)]);
    expect(fold.changes.upserted[0]).toMatchObject({ traits: { email: 'v2@example.com' }, state: 'inactive', version: 3 });
  });

  it('events the ledger already holds, and a second copy within the batch, are duplicates and change nothing', () => {
    const row = evolve(null, ada) as IdentityRow;
    const v2 = identityStateChanged(ada, 'inactive', { streamVersion: 2 });
    const fold = foldEvents([ada, v2, v2], new Set([v2.id]), docs(row));
    expect(fold.outcomes).toEqual(['duplicate', 'applied', 'duplicate']);
    expect(fold.imports).toEqual(new Map());
    expect(fold.changes.upserted).toEqual([evolve(row, v2)]);
  });

  it('a change of the identity row alone rewrites no child rows; a replaced set is deleted before it is inserted', () => {
    const row = evolve(null, ada) as IdentityRow;
    const state = identityStateChanged(ada, 'inactive', { streamVersion: 2 });
    const onlyRow = foldEvents([state], fresh([state]), docs(row)).changes;
    expect(onlyRow.upserted).toHaveLength(1);
    expect(onlyRow.children).toEqual({ verifiable_addresses: { replaced: [], rows: [] }, recovery_addresses: { replaced: [], rows: [] }, credentials: { replaced: [], rows: [] } });
    const update = identityUpdated(ada, { credentials: { password: { identifiers: ['x@example.com'], version: 0 } } }, { streamVersion: 2 });
    const replaced = foldEvents([update], fresh([update]), docs(row)).changes;
    expect(replaced.children.credentials).toEqual({ replaced: [ada.data.identity_id], rows: (evolve(row, update) as IdentityRow).credentials });
    expect(replaced.children.recovery_addresses).toEqual({ replaced: [], rows: [] });
  });

  it('a deletion deletes the identity; created and deleted within one batch writes nothing', () => {
    const deleted = identityDeleted(ada, { streamVersion: 2 });
    expect(foldEvents([deleted], fresh([deleted]), docs(evolve(null, ada) as IdentityRow)).changes).toMatchObject({ deleted: [ada.data.identity_id], upserted: [] });
    const both = foldEvents([ada, deleted], fresh([ada, deleted]), new Map());
    expect(both.outcomes).toEqual(['applied', 'applied']);
    expect(both.changes).toMatchObject({ deleted: [], upserted: [] });
  });

  it('an event that changes nothing is "unchanged" and writes nothing', () => {
    const row = evolve(null, ada) as IdentityRow;
    const again = identityCreated({ identityId: ada.data.identity_id });
    const fold = foldEvents([again], fresh([again]), docs(row));
    expect(fold.outcomes).toEqual(['unchanged']);
    expect(fold.changes.upserted).toEqual([]);
  });

  it('the ledger records the handled events once each; stream positions cover every identity event, handled or not', () => {
    const registered = identityRegistered();
    const requested = verificationRequested(registered, { streamVersion: 2 });
    const verified = addressVerified(registered, { streamVersion: 3 });
    const unknown = { ...verified, id: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968', type: 'RecoveryRequested', streamVersion: 4 };
    const events = [registered, verified, requested, verified, unknown, summary];
    expect(processedRows(events).map((r) => r.event_id)).toEqual([registered.id, verified.id, requested.id]);
    expect(processedRows([registered])[0]).toEqual({
      projection: 'identity',
      event_id: registered.id,
      type: 'IdentityRegistered',
      stream_id: registered.streamId,
      stream_version: 1,
      occurred_at: registered.occurredAt,
    });
    expect(streamPositions([...events, ada])).toEqual(
      [
        { stream_id: registered.streamId, version: 4 },
        { stream_id: ada.streamId, version: 1 },
      ].sort((a, b) => (a.stream_id < b.stream_id ? -1 : 1)),
    );
  });
});

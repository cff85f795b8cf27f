import { recoveryAddressView, verifiableAddressView } from '@gatehouse/contracts';
import { EventStore, EventStoreTransaction, Queryable, StoredEvent, ident } from '@gatehouse/eventsourcing';
import { availableAal, hasSecondFactor } from '../session/aal';
import { SessionState, evolveSession } from '../session/session.state';
import { IdentityState, evolveIdentity } from './identity.state';

const IDENTITY = 'identity:';
const SESSION = 'session:';

/** The tables flows decides from (identities, identity_credentials, sessions) are inline projections of the
 * identity and session streams: written in the transaction of every append, by the same pure folds
 * (evolveIdentity, evolveSession) a rebuild runs over the whole store, so a rebuild reproduces them exactly. */
export class InlineProjections {
  private readonly s: string;
  /** How many of a transaction's appended events were projected already. */
  private readonly done = new WeakMap<EventStoreTransaction, number>();

  constructor(schema: string) {
    this.s = ident(schema);
  }

  /** Projects what the transaction appended since the last call: each identity and session stream it wrote to is
   * folded (from its appended events when it began in this transaction, else from the whole stream as the
   * transaction sees it) and its rows replaced. Identities first (sessions refer to them). */
  async apply(tx: EventStoreTransaction): Promise<void> {
    const from = this.done.get(tx) ?? 0;
    const appended = tx.appended.slice(from);
    this.done.set(tx, tx.appended.length);
    const byStream = new Map<string, StoredEvent[]>();
    for (const e of appended) {
      if (!e.streamId.startsWith(IDENTITY) && !e.streamId.startsWith(SESSION)) continue;
      byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
    }
    const identities = new Map<string, IdentityState | null>();
    const sessions = new Map<string, SessionState | null>();
    let allNew = true;
    for (const [stream, events] of byStream) {
      if (stream.startsWith(IDENTITY) && events[0].streamVersion !== 1) allNew = false;
      const all = events[0].streamVersion === 1 ? events : await tx.readStream(stream);
      const id = stream.slice(stream.indexOf(':') + 1);
      if (stream.startsWith(IDENTITY)) identities.set(id, all.reduce(evolveIdentity, null));
      else sessions.set(id, all.reduce(evolveSession, null));
    }
    // identities whose streams all began here have no rows yet (an import): nothing to replace
    await this.writeIdentities(tx, identities, { fresh: allNew });
    await this.writeSessions(tx, sessions);
  }

  /** Empties the projections and folds every identity and session stream of the store into them, in one
   * transaction (live writers wait for it). Returns how many rows each table got. */
  async rebuild(store: EventStore, tx: EventStoreTransaction, onProgress?: (what: string, n: number) => void): Promise<{ events: number; identities: number; credentials: number; sessions: number }> {
    await tx.query(`TRUNCATE ${this.s}.identity_credentials, ${this.s}.sessions, ${this.s}.identities`);
    const read = { events: 0 };
    const progress = (what: string) => onProgress?.(what, read.events);
    await refold(store, tx, IDENTITY, evolveIdentity, (states) => this.writeIdentities(tx, states, { fresh: true }), read, progress);
    await refold(store, tx, SESSION, evolveSession, (states) => this.writeSessions(tx, states), read, progress);
    const count = async (table: string) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.${table}`)).rows[0].n;
    return { events: read.events, identities: await count('identities'), credentials: await count('identity_credentials'), sessions: await count('sessions') };
  }


  private async writeIdentities(db: Queryable, states: ReadonlyMap<string, IdentityState | null>, options: { fresh?: boolean } = {}): Promise<void> {
    if (states.size === 0) return;
    const ids = [...states.keys()];
    const kept = [...states.values()].filter((s): s is IdentityState => s !== null);
    if (!options.fresh) {
      await db.query(`DELETE FROM ${this.s}.identity_credentials WHERE identity_id = ANY($1::uuid[])`, [ids]);
      const gone = ids.filter((id) => states.get(id) === null);
      if (gone.length > 0) await db.query(`DELETE FROM ${this.s}.identities WHERE id = ANY($1::uuid[])`, [gone]);
    }
    if (kept.length === 0) return;
    const rows = kept.map(({ document: d, configs }) => ({
      id: d.id,
      available_aal: availableAal(hasSecondFactor(configs)),
      schema_id: d.schema_id,
      state: d.state,
      traits: d.traits,
      verifiable_addresses: d.verifiable_addresses.map(verifiableAddressView),
      recovery_addresses: d.recovery_addresses.map(recoveryAddressView),
      metadata_public: d.metadata_public ?? null,
      metadata_admin: d.metadata_admin ?? null,
      external_id: d.external_id ?? null,
      created_at: d.created_at,
      updated_at: d.updated_at,
      state_changed_at: d.state_changed_at,
      version: d.version,
    }));
    await db.query(
      `INSERT INTO ${this.s}.identities (id, available_aal, schema_id, state, traits, verifiable_addresses, recovery_addresses, metadata_public, metadata_admin, external_id, created_at, updated_at, state_changed_at, version)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, available_aal text, schema_id text, state text, traits jsonb, verifiable_addresses jsonb, recovery_addresses jsonb, metadata_public jsonb,
              metadata_admin jsonb, external_id text, created_at timestamptz, updated_at timestamptz, state_changed_at timestamptz, version integer)
       ON CONFLICT (id) DO UPDATE SET available_aal = excluded.available_aal, schema_id = excluded.schema_id, state = excluded.state, traits = excluded.traits, verifiable_addresses = excluded.verifiable_addresses,
         recovery_addresses = excluded.recovery_addresses, metadata_public = excluded.metadata_public, metadata_admin = excluded.metadata_admin, external_id = excluded.external_id,
         created_at = excluded.created_at, updated_at = excluded.updated_at, state_changed_at = excluded.state_changed_at, version = excluded.version`,
      [JSON.stringify(rows)],
    );
    const credentials = kept.flatMap(({ document: d, configs }) =>
      d.credentials.map((c) => ({ identity_id: d.id, type: c.type, identifiers: c.identifiers, config: configs[c.type] ?? {}, version: c.version, created_at: c.created_at, updated_at: c.updated_at })),
    );
    if (credentials.length === 0) return;
    await db.query(
      `INSERT INTO ${this.s}.identity_credentials (identity_id, type, identifiers, config, version, created_at, updated_at)
       SELECT identity_id, type, ARRAY(SELECT jsonb_array_elements_text(identifiers)), config, version, created_at, updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(identity_id uuid, type text, identifiers jsonb, config jsonb, version integer, created_at timestamptz, updated_at timestamptz)`,
      [JSON.stringify(credentials)],
    );
  }

  private async writeSessions(db: Queryable, states: ReadonlyMap<string, SessionState | null>): Promise<void> {
    const rows = [...states.values()].filter((s): s is SessionState => s !== null);
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO ${this.s}.sessions (id, identity_id, token_hash, active, aal, authentication_methods, issued_at, authenticated_at, expires_at, revoked_at)
       SELECT s.* FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, identity_id uuid, token_hash text, active boolean, aal text, authentication_methods jsonb,
              issued_at timestamptz, authenticated_at timestamptz, expires_at timestamptz, revoked_at timestamptz)
         JOIN ${this.s}.identities i ON i.id = s.identity_id
       ON CONFLICT (id) DO UPDATE SET active = excluded.active, aal = excluded.aal, authentication_methods = excluded.authentication_methods,
         issued_at = excluded.issued_at, authenticated_at = excluded.authenticated_at, expires_at = excluded.expires_at, revoked_at = excluded.revoked_at`,
      [JSON.stringify(rows)],
    );
  }
}

/** Folds every stream whose id starts with `prefix`, stream by stream (the store reads them in version order), and
 * hands the states to `write` a few hundred at a time. */
async function refold<S>(
  store: EventStore,
  tx: EventStoreTransaction,
  prefix: string,
  fold: (state: S | null, event: StoredEvent) => S | null,
  write: (states: Map<string, S | null>) => Promise<void>,
  read: { events: number },
  progress: (what: string) => void,
): Promise<void> {
  let current: { id: string; state: S | null } | undefined;
  let pending = new Map<string, S | null>();
  for await (const batch of store.readAll({ order: 'stream', streamPrefix: prefix, db: tx, batchSize: 2_000 })) {
    for (const event of batch) {
      const id = event.streamId.slice(prefix.length);
      if (current?.id !== id) {
        if (current) pending.set(current.id, current.state);
        current = { id, state: null };
      }
      current.state = fold(current.state, event);
      read.events++;
    }
    if (pending.size >= 500) {
      await write(pending);
      pending = new Map();
    }
    progress(prefix.slice(0, -1));
  }
  if (current) pending.set(current.id, current.state);
  await write(pending);
}

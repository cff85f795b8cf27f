import { EventEnvelope, FactorAdded, FactorRemoved, TraitsChanged } from '../events';
import { CredentialRow, IdentityRow, RecoveryAddressRow, VerifiableAddressRow, uniqueAddresses, utc } from './identity.row';

/** How the settings flow's events change the document. Pure. */

/** TraitsChanged: traits, addresses and the identifiers of the credential types it names replaced; an address
 * that keeps its id keeps its created_at (and its updated_at when nothing about it changed). */
export function traitsChanged(row: IdentityRow, event: EventEnvelope<TraitsChanged.V1.Data>): IdentityRow {
  const d = event.data;
  const at = utc(event.occurredAt);
  const verifiable = uniqueAddresses(d.verifiable_addresses).map((a) =>
    kept<VerifiableAddressRow>(row.verifiable_addresses.find((b) => b.id === a.id), at, {
      id: a.id,
      identity_id: row.id,
      value: a.value,
      via: a.via,
      verified: a.verified,
      status: a.status,
      verified_at: a.verified_at === null ? null : utc(a.verified_at),
    }),
  );
  const recovery = uniqueAddresses(d.recovery_addresses).map((a) =>
    kept<RecoveryAddressRow>(row.recovery_addresses.find((b) => b.id === a.id), at, { id: a.id, identity_id: row.id, value: a.value, via: a.via }),
  );
  const credentials = row.credentials.map((c) => {
    const identifiers = d.identifiers[c.type];
    if (!identifiers || JSON.stringify(identifiers) === JSON.stringify(c.identifiers)) return c;
    return { ...c, identifiers: [...identifiers], updated_at: at };
  });
  return { ...row, schema_id: d.schema_id, traits: d.traits, updated_at: at, last_event_id: event.id, version: event.streamVersion, verifiable_addresses: verifiable, recovery_addresses: recovery, credentials };
}

/** FactorAdded: the credential of that type, with the identifiers it has now (created once, updated after). */
export function factorAdded(row: IdentityRow, event: EventEnvelope<FactorAdded.V1.Data>): IdentityRow {
  const { type, identifiers } = event.data;
  const at = utc(event.occurredAt);
  const before = row.credentials.find((c) => c.type === type);
  const credential: CredentialRow = { identity_id: row.id, type, identifiers: [...identifiers], version: before?.version ?? 0, created_at: before?.created_at ?? at, updated_at: at };
  const credentials = before ? row.credentials.map((c) => (c === before ? credential : c)) : [...row.credentials, credential];
  return { ...row, updated_at: at, last_event_id: event.id, version: event.streamVersion, credentials };
}

/** FactorRemoved: the credential keeps `remaining_identifiers`; none left removes it. */
export function factorRemoved(row: IdentityRow, event: EventEnvelope<FactorRemoved.V1.Data>): IdentityRow {
  return credentialNarrowed(row, event, event.data.type, event.data.remaining_identifiers);
}

/** The credential of `type` keeps `remaining` identifiers; none left removes it (CredentialsRemoved, FactorRemoved). */
export function credentialNarrowed(row: IdentityRow, event: EventEnvelope, type: string, remaining: readonly string[]): IdentityRow {
  const at = utc(event.occurredAt);
  return {
    ...row,
    updated_at: at,
    last_event_id: event.id,
    version: event.streamVersion,
    credentials: row.credentials.flatMap((c) => {
      if (c.type !== type) return [c];
      return remaining.length === 0 ? [] : [{ ...c, identifiers: [...remaining], updated_at: at }];
    }),
  };
}

function kept<R extends { created_at: string; updated_at: string }>(previous: R | undefined, at: string, next: Omit<R, 'created_at' | 'updated_at'>): R {
  const same = previous && Object.entries(next).every(([k, v]) => (previous as Record<string, unknown>)[k] === v);
  if (previous && same) return previous;
  return { ...next, created_at: previous?.created_at ?? at, updated_at: at } as R;
}

import { identityRegistered, recoveryRequested, verificationRequested } from '@gatehouse/testing';
import { IdentityRow, KnownIdentity, identityRow } from '../identities/notifier-identities';
import { MailJobSpec } from '../mail/mail-job';
import { IdentityDirectoryPort } from '../tokens';
import { IdentityProjector } from './identity-projector.reactor';
import { RecoveryRequestedReactor } from './recovery-requested.reactor';
import { VerificationRequestedReactor } from './verification-requested.reactor';

const policy = { retries: 5, backoffMs: 1000 };

function directory(): IdentityDirectoryPort & { rows: Map<string, IdentityRow> } {
  const rows = new Map<string, IdentityRow>();
  return {
    rows,
    record: async (row) => {
      if (!rows.has(row.id)) rows.set(row.id, row);
    },
    find: async (id): Promise<KnownIdentity | undefined> => {
      const r = rows.get(id);
      return r && { id: r.id, schema_id: r.schema_id, traits: r.traits };
    },
  };
}

describe('identityRow (pure)', () => {
  it('takes the id, schema, traits, time and event id from an IdentityRegistered, and nothing from a clock', () => {
    const event = identityRegistered({ email: 'ada@example.org', occurredAt: '2026-01-02T03:04:05.000Z' });
    expect(identityRow(event)).toEqual({
      id: event.data.identity_id,
      schema_id: 'default',
      traits: { email: 'ada@example.org', name: { first: 'Ada', last: 'Lovelace' } },
      updated_at: new Date('2026-01-02T03:04:05.000Z'),
      last_event_id: event.id,
    });
    expect(identityRow(event)).toEqual(identityRow(event));
  });

  it('ignores other events, other versions and malformed data', () => {
    const event = identityRegistered();
    expect(identityRow(verificationRequested(event))).toBeUndefined();
    expect(identityRow({ ...event, version: 2 })).toBeUndefined();
    expect(identityRow({ ...event, data: { ...event.data, identity_id: 'not-a-uuid' } })).toBeUndefined();
  });
});

describe('the mail reactors take the traits from the projection', () => {
  function wire() {
    const identities = directory();
    const queued: MailJobSpec[] = [];
    const queue = { enqueue: async (job: MailJobSpec) => void queued.push(job) };
    const outbox = { recordQueued: async () => 'queued' as const };
    return {
      identities,
      queued,
      projector: new IdentityProjector(identities),
      verification: new VerificationRequestedReactor(queue, outbox, policy, identities),
      recovery: new RecoveryRequestedReactor(queue, outbox, policy, identities),
    };
  }

  it('renders VerificationRequested and RecoveryRequested with the registered traits', async () => {
    const w = wire();
    const registered = identityRegistered({ withVerification: false });
    await w.projector.handle(registered);
    await w.projector.handle(registered); // a redelivery changes nothing
    await w.verification.handle(verificationRequested(registered));
    await w.recovery.handle(recoveryRequested(registered));
    expect(w.identities.rows.size).toBe(1);
    expect(w.queued.map((j) => j.data.identity)).toEqual([
      { id: registered.data.identity_id, schema_id: 'default', traits: registered.data.traits },
      { id: registered.data.identity_id, schema_id: 'default', traits: registered.data.traits },
    ]);
  });

  it('renders with empty traits when the registration has not been seen', async () => {
    const w = wire();
    const registered = identityRegistered({ withVerification: false });
    await w.recovery.handle(recoveryRequested(registered));
    expect(w.queued[0].data.identity).toEqual({ id: registered.data.identity_id, schema_id: 'default', traits: {} });
  });

  it('looks nothing up for events that ask for no mail', async () => {
    const w = wire();
    const find = jest.spyOn(w.identities, 'find');
    await w.verification.handle(identityRegistered());
    expect(find).not.toHaveBeenCalled();
  });
});

import { identityRegistered, recoveryRequested, verificationRequested } from '@gatehouse/testing';
import { asRegistration, identityCreated, identityDeleted, identityUpdated } from '../../test/admin-events';
import { IdentityRow, KnownIdentity } from '../identities/notifier-identities';
import { MailJobSpec } from '../mail/mail-job';
import { IdentityDirectoryPort } from '../tokens';
import { IdentityProjector } from './identity-projector.reactor';
import { RecoveryRequestedReactor } from './recovery-requested.reactor';
import { VerificationRequestedReactor } from './verification-requested.reactor';

const policy = { retries: 5, backoffMs: 1000 };

/** notifier_identities in memory, with the semantics of its INSERT … ON CONFLICT statements. */
function directory(): IdentityDirectoryPort & { rows: Map<string, IdentityRow>; writes: number } {
  const rows = new Map<string, IdentityRow>();
  const d = {
    rows,
    writes: 0,
    apply: async ({ write, row }: { write: 'first' | 'newer'; row: IdentityRow }) => {
      d.writes++;
      const current = rows.get(row.id);
      if (!current || (write === 'newer' && current.version < row.version)) rows.set(row.id, row);
    },
    find: async (id: string): Promise<KnownIdentity | undefined> => {
      const r = rows.get(id);
      return r && !r.deleted ? { id: r.id, schema_id: r.schema_id, traits: r.traits } : undefined;
    },
  };
  return d;
}

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

  it('renders with the traits of the latest IdentityUpdated of an admin-created identity; an older update redelivered changes nothing', async () => {
    const w = wire();
    const created = identityCreated();
    const renamed = identityUpdated(created, 3, { traits: { name: { first: 'Augusta', last: 'King' } } });
    await w.projector.handle(created);
    await w.projector.handle(identityUpdated(created, 2, { traits: { name: { first: 'Countess', last: 'Lovelace' } } }));
    await w.projector.handle(renamed);
    await w.projector.handle(identityUpdated(created, 2, { traits: { name: { first: 'Countess', last: 'Lovelace' } } }));
    await w.projector.handle(created);
    await w.recovery.handle(recoveryRequested(asRegistration(created), { streamVersion: 4 }));
    expect(w.queued.map((j) => j.data.identity)).toEqual([{ id: created.data.identity_id, schema_id: 'default', traits: renamed.data.traits }]);
  });

  it('renders with empty traits once the identity is deleted, and a redelivered creation does not bring it back', async () => {
    const w = wire();
    const created = identityCreated();
    await w.projector.handle(created);
    await w.projector.handle(identityDeleted(created.data.identity_id, 2));
    await w.projector.handle(created);
    await w.projector.handle(identityUpdated(created, 1));
    await w.verification.handle(verificationRequested(asRegistration(created), { streamVersion: 3 }));
    expect(w.identities.rows.get(created.data.identity_id)).toMatchObject({ deleted: true, traits: null, version: 2 });
    expect(w.queued[0].data.identity).toEqual({ id: created.data.identity_id, schema_id: 'default', traits: {} });
  });

  it('writes once per identity event and asks for no mail for an IdentityCreated', async () => {
    const w = wire();
    const created = identityCreated();
    for (const reactor of [w.projector, w.verification, w.recovery]) await reactor.handle(created);
    expect(w.identities.writes).toBe(1);
    expect(w.queued).toEqual([]);
  });

  it('looks nothing up for events that ask for no mail', async () => {
    const w = wire();
    const find = jest.spyOn(w.identities, 'find');
    await w.verification.handle(identityRegistered());
    expect(find).not.toHaveBeenCalled();
  });
});

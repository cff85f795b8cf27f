import { Pool } from 'pg';
import { IdentityDeleted, IdentitiesImported } from '@gatehouse/contracts';
import { EventStore, Keyring } from '@gatehouse/eventsourcing';
import { validateEvent } from '../persistence/event-validation';
import { InlineProjections } from './inline-projections';

/** flows' event store, the one configuration the service, its tests and `npm run rebuild` share: events checked
 * against their contracts; identity and session events sealed under the identity's data key (secrets.cipher wraps
 * it), except the deletion (it must stay readable after the key is destroyed) and import summaries (no identity);
 * the identity and session tables projected inline. */
export function flowsEventStore(pool: Pool, options: { schema: string; cipherSecrets: readonly string[]; clock?: () => Date }): { store: EventStore; projections: InlineProjections } {
  const projections = new InlineProjections(options.schema);
  const store = new EventStore(pool, {
    schema: options.schema,
    clock: options.clock,
    validate: validateEvent,
    sealing: {
      keyring: new Keyring(options.cipherSecrets),
      keyedStream: (id) => id.startsWith('identity:') || id.startsWith('session:'),
      clearTypes: [IdentityDeleted.V1.name, IdentitiesImported.V1.name],
    },
    projections: [projections],
  });
  return { store, projections };
}

import { NewEvent, contractFor } from '@gatehouse/contracts';

/** Checks an event against its contract before it is stored (parse at every edge): the event store's `validate`. */
export function validateEvent(e: NewEvent): void {
  const contract = contractFor(e.type, e.version);
  if (!contract) throw new Error(`no contract for ${e.type} v${e.version}`);
  contract.schema.parse(e.data);
}

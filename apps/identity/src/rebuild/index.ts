/** The identity read model's rebuild from the event store (issue 9; `npm run rebuild` wires it). */
export { rebuildIdentityReadModel } from './rebuild-read-model';
export type { IdentityRebuildResult } from './rebuild-read-model';

/** The notifier's read model rebuild from the event store (issue 9; `npm run rebuild` wires it). */
export { rebuildNotifierReadModel } from './rebuild-read-model';
export type { NotifierRebuildResult } from './rebuild-read-model';

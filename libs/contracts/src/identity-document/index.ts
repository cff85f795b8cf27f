/** The identity as its events make it (the document Kratos's admin API shows, plus the stream position it has
 * seen): one pure fold, used by the write side's inline projection and by every read model and subscriber. */
export * from './identity.row';
export { evolve, identityIdOf, identityProjection } from './identity.fold';

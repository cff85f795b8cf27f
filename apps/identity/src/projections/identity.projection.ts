import { IdentityDocument } from '@gatehouse/contracts';

/** The identity document's fold lives in @gatehouse/contracts (IdentityDocument), shared with flows' inline
 * projection; these names are this app's view of it. */
export type { CredentialRow, IdentityRow, RecoveryAddressRow, VerifiableAddressRow } from './identity.row';
export const { evolve, identityIdOf, identityProjection } = IdentityDocument;

import { IdentityDocument } from '@gatehouse/contracts';

export type IdentityRow = IdentityDocument.IdentityRow;
export type VerifiableAddressRow = IdentityDocument.VerifiableAddressRow;
export type RecoveryAddressRow = IdentityDocument.RecoveryAddressRow;
export type CredentialRow = IdentityDocument.CredentialRow;
export type ChildKind = IdentityDocument.ChildKind;
export const { CHILD_KINDS, utc, uniqueAddresses } = IdentityDocument;

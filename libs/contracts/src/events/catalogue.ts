import { z } from 'zod';
import { TOPICS, TopicName } from '../topics';
import * as AddressVerifiedV1 from './address-verified/v1';
import * as IdentityRegisteredV1 from './identity-registered/v1';
import * as LoginFailedV1 from './login-failed/v1';
import * as LoginSucceededV1 from './login-succeeded/v1';
import * as SessionIssuedV1 from './session-issued/v1';
import * as SessionRevokedV1 from './session-revoked/v1';
import * as VerificationRequestedV1 from './verification-requested/v1';
import * as RecoveryRequestedV1 from './recovery-requested/v1';
import * as RecoverySucceededV1 from './recovery-succeeded/v1';
import * as PasswordChangedV1 from './password-changed/v1';
import * as PasswordHashUpgradedV1 from './password-hash-upgraded/v1';
import * as IdentityCreatedV1 from './identity-created/v1';
import * as IdentityUpdatedV1 from './identity-updated/v1';
import * as IdentityStateChangedV1 from './identity-state-changed/v1';
import * as IdentityDeletedV1 from './identity-deleted/v1';
import * as CredentialsRemovedV1 from './credentials-removed/v1';
import * as IdentitiesImportedV1 from './identities-imported/v1';
import * as TraitsChangedV1 from './traits-changed/v1';
import * as FactorAddedV1 from './factor-added/v1';
import * as FactorRemovedV1 from './factor-removed/v1';
import * as FactorUsedV1 from './factor-used/v1';
import * as SessionAalRaisedV1 from './session-aal-raised/v1';
import * as SecurityNoticeRequestedV1 from './security-notice-requested/v1';

export interface EventContract<S extends z.ZodType = z.ZodType> {
  name: string;
  version: number;
  ceType: string;
  topic: TopicName;
  schema: S;
}

/** Every event that crosses a service boundary, by name and version. */
export const EVENT_CONTRACTS: readonly EventContract[] = [
  { ...pick(IdentityRegisteredV1), topic: TOPICS.identityEvents },
  { ...pick(SessionIssuedV1), topic: TOPICS.identityEvents },
  { ...pick(SessionRevokedV1), topic: TOPICS.identityEvents },
  { ...pick(LoginSucceededV1), topic: TOPICS.identityEvents },
  { ...pick(LoginFailedV1), topic: TOPICS.identityEvents },
  { ...pick(VerificationRequestedV1), topic: TOPICS.identityEvents },
  { ...pick(AddressVerifiedV1), topic: TOPICS.identityEvents },
  { ...pick(RecoveryRequestedV1), topic: TOPICS.identityEvents },
  { ...pick(RecoverySucceededV1), topic: TOPICS.identityEvents },
  { ...pick(PasswordChangedV1), topic: TOPICS.identityEvents },
  { ...pick(PasswordHashUpgradedV1), topic: TOPICS.identityEvents },
  { ...pick(IdentityCreatedV1), topic: TOPICS.identityEvents },
  { ...pick(IdentityUpdatedV1), topic: TOPICS.identityEvents },
  { ...pick(IdentityStateChangedV1), topic: TOPICS.identityEvents },
  { ...pick(IdentityDeletedV1), topic: TOPICS.identityEvents },
  { ...pick(CredentialsRemovedV1), topic: TOPICS.identityEvents },
  { ...pick(IdentitiesImportedV1), topic: TOPICS.identityEvents },
  { ...pick(TraitsChangedV1), topic: TOPICS.identityEvents },
  { ...pick(FactorAddedV1), topic: TOPICS.identityEvents },
  { ...pick(FactorRemovedV1), topic: TOPICS.identityEvents },
  { ...pick(FactorUsedV1), topic: TOPICS.identityEvents },
  { ...pick(SessionAalRaisedV1), topic: TOPICS.identityEvents },
  { ...pick(SecurityNoticeRequestedV1), topic: TOPICS.identityEvents },
];

function pick<S extends z.ZodType>(m: { name: string; version: number; ceType: string; schema: S }): Omit<EventContract<S>, 'topic'> {
  return { name: m.name, version: m.version, ceType: m.ceType, schema: m.schema };
}

export function contractFor(name: string, version: number): EventContract | undefined {
  return EVENT_CONTRACTS.find((c) => c.name === name && c.version === version);
}

export function contractForCeType(ceType: string): EventContract | undefined {
  return EVENT_CONTRACTS.find((c) => c.ceType === ceType);
}

import { IdentityRegistered } from '@gatehouse/contracts';
import { EventStoreTransaction } from '@gatehouse/eventsourcing';
import { StoredFlow } from '../flow/flow.types';
import { VerificationFlowRepository } from './verification-flow.repository';
import { VerificationFlow } from './verification.state';

/** The verification flow a registration's mail belongs to (IdentityRegistered.verification.flow_id): already
 * `sent_email` with the code method, of the registration's type and bound to its browser (CSRF), so that the
 * person can fetch it and submit the mailed code. Pure. */
export function registrationVerificationFlow(
  registration: StoredFlow,
  verification: NonNullable<IdentityRegistered.V1.Data['verification']>,
  now: Date,
  lifespanMs: number,
): VerificationFlow {
  return {
    id: verification.flow_id,
    type: registration.type,
    schemaId: registration.schemaId,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + lifespanMs).toISOString(),
    requestUrl: registration.requestUrl,
    ...(registration.csrfDigest ? { csrfDigest: registration.csrfDigest } : {}),
    state: 'sent_email',
    active: 'code',
    sentTo: verification.address,
  };
}

/** What the registration writer needs to open that flow inside its transaction. */
export class RegistrationVerificationFlows {
  constructor(
    private readonly flows: VerificationFlowRepository,
    /** selfservice.flows.verification.lifespan */
    private readonly lifespanMs: number,
  ) {}

  create(tx: EventStoreTransaction, registration: StoredFlow, verification: NonNullable<IdentityRegistered.V1.Data['verification']>, now: Date): Promise<void> {
    return this.flows.create(registrationVerificationFlow(registration, verification, now, this.lifespanMs), tx);
  }
}

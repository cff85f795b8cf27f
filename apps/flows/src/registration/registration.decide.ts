import type { IdentityRegistered } from '@gatehouse/contracts';
import type { Decider } from '@gatehouse/eventsourcing';
import { RegistrationCommand } from './registration.commands';
import { RegistrationRejection } from './registration.errors';
import { RegistrationEvent, RegistrationState, evolve, initialState } from './registration.state';

/** Pure: decides whether a submitted registration creates an identity. Uniqueness of identifiers is not
 * decided here but by the unique claims appended in the same transaction. */
export function decide(command: RegistrationCommand, flow: RegistrationState): RegistrationEvent[] | RegistrationRejection {
  if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
  if (flow.state === 'passed_challenge') return { reason: 'flow_completed' };
  if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  if (flow.schemaId !== command.schemaId) return { reason: 'flow_schema_mismatch' };
  switch (command.type) {
    case 'SubmitPasswordRegistration': {
      if (command.passwordIdentifiers.length === 0) return { reason: 'no_identifier' };
      return [registered(command, { password: { identifiers: command.passwordIdentifiers } })];
    }
    case 'SubmitKeyRegistration': {
      // Kratos's missing identifier: a webauthn sign-up needs a trait marked webauthn identifier
      if (command.key.identifiers.length === 0) return { reason: 'no_identifier' };
      const password = command.passwordIdentifiers.length > 0 ? { password: { identifiers: command.passwordIdentifiers } } : {};
      return [registered(command, { ...password, [command.key.type]: { identifiers: command.key.identifiers } })];
    }
    default: {
      const unreachable: never = command;
      return unreachable;
    }
  }
}

function registered(command: RegistrationCommand, credentials: IdentityRegistered.V1.Data['credentials']): RegistrationEvent {
  const first = command.verifiableAddresses[0];
  return {
    type: 'IdentityRegistered',
    version: 1,
    data: {
      identity_id: command.identityId,
      flow_id: command.flowId,
      schema_id: command.schemaId,
      state: 'active',
      traits: command.traits,
      verifiable_addresses: command.verifiableAddresses,
      recovery_addresses: command.recoveryAddresses,
      credentials,
      ...(first && command.verification
        ? {
            verification: {
              flow_id: command.verification.flowId,
              address_id: first.id,
              address: first.value,
              via: first.via,
              sealed_code: command.verification.sealedCode,
              expires_at: command.verification.expiresAt.toISOString(),
            },
          }
        : {}),
    },
  };
}

export const registrationDecider: Decider<RegistrationState, RegistrationCommand, RegistrationEvent, RegistrationRejection> = {
  initialState,
  evolve,
  decide,
};

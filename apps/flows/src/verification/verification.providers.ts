import { Provider } from '@nestjs/common';
import { EventStore } from '@gatehouse/eventsourcing';
import { challengeSettings, pgRepository } from '../challenge/challenge.settings';
import { FlowsConfig } from '../config.schema';
import { IdentityAddresses } from '../identity/identity-addresses';
import { VerificationFlowRepository } from './verification-flow.repository';
import { VerificationSecretsRepository } from './verification-secrets.repository';
import { VerificationHandler } from './verification.handler';
import { VERIFICATION_SETTINGS, VerificationSettings } from './verification.settings';
import { VerificationWriter } from './verification.writer';

export function verificationSettings(config: FlowsConfig, clock: () => Date): VerificationSettings {
  const flow = config.selfservice.flows.verification;
  return { ...challengeSettings(config, flow, clock), afterReturnUrl: flow.after.default_browser_return_url };
}

/** The verification flow; VerificationFlowRepository is shared with registration, which opens a flow per mail. */
export function verificationProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const schema = config.database.schema;
  return [
    { provide: VERIFICATION_SETTINGS, useValue: verificationSettings(config, clock) },
    pgRepository(VerificationFlowRepository, pgPool, schema),
    pgRepository(VerificationSecretsRepository, pgPool, schema),
    pgRepository(IdentityAddresses, pgPool, schema),
    {
      provide: VerificationWriter,
      inject: [EventStore, VerificationFlowRepository, VerificationSecretsRepository],
      useFactory: (store: EventStore, flows: VerificationFlowRepository, secrets: VerificationSecretsRepository) => new VerificationWriter(store, flows, secrets),
    },
    VerificationHandler,
  ];
}

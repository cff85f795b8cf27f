import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { CredentialsRepository } from '../identity/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { SessionService } from '../session/session.service';
import { RegistrationVerificationFlows } from '../verification/registration-verification';
import { VerificationFlowRepository } from '../verification/verification-flow.repository';
import { RegistrationHandler } from './registration.handler';
import { REGISTRATION_FLOWS, REGISTRATION_SETTINGS, RegistrationSettings } from './registration.settings';
import { RegistrationFlow } from './registration.state';
import { RegistrationWriter } from './registration.writer';

export function registrationProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const settings: RegistrationSettings = {
    publicBaseUrl: config.serve.public.base_url,
    lifespanMs: config.selfservice.flows.registration.lifespan,
    uiUrl: config.selfservice.flows.registration.ui_url,
    afterReturnUrl: config.selfservice.flows.registration.after.default_browser_return_url,
    // the mailed code lives selfservice.methods.code.config.lifespan (10m); its verification flow lives flows.verification.lifespan
    verification: {
      enabled: config.selfservice.flows.verification.enabled,
      lifespanMs: config.selfservice.methods.code.config.lifespan,
      uiUrl: config.selfservice.flows.verification.ui_url,
    },
    secrets: config.secrets,
    style: config.selfservice.flows.registration.style,
    clock,
  };
  return [
    { provide: REGISTRATION_SETTINGS, useValue: settings },
    { provide: REGISTRATION_FLOWS, inject: [pgPool], useFactory: (pool: Pool) => new FlowRepository<RegistrationFlow>(pool, config.database.schema, 'registration') },
    {
      provide: RegistrationWriter,
      inject: [EventStore, REGISTRATION_FLOWS, CredentialsRepository, SessionService, VerificationFlowRepository],
      useFactory: (store: EventStore, flows: FlowRepository<RegistrationFlow>, creds: CredentialsRepository, sessions: SessionService, verification: VerificationFlowRepository) =>
        new RegistrationWriter(store, flows, creds, sessions, new RegistrationVerificationFlows(verification, config.selfservice.flows.verification.lifespan)),
    },
    RegistrationHandler,
  ];
}

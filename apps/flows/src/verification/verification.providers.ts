import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { IdentityAddresses } from './identity-addresses';
import { VerificationFlowRepository } from './verification-flow.repository';
import { VerificationSecretsRepository } from './verification-secrets.repository';
import { VerificationHandler } from './verification.handler';
import { VERIFICATION_SETTINGS, VerificationSettings } from './verification.settings';
import { VerificationWriter } from './verification.writer';

export function verificationSettings(config: FlowsConfig, clock: () => Date): VerificationSettings {
  const flow = config.selfservice.flows.verification;
  const { code, link } = config.selfservice.methods;
  return {
    publicBaseUrl: config.serve.public.base_url,
    enabled: flow.enabled,
    lifespanMs: flow.lifespan,
    uiUrl: flow.ui_url,
    use: flow.use,
    afterReturnUrl: flow.after.default_browser_return_url,
    code: { enabled: code.enabled, lifespanMs: code.config.lifespan, maxSubmissions: code.config.max_submissions },
    link: { enabled: link.enabled, lifespanMs: link.config.lifespan },
    secrets: config.secrets,
    clock,
  };
}

/** The verification flow; VerificationFlowRepository is shared with registration, which opens a flow per mail. */
export function verificationProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const schema = config.database.schema;
  return [
    { provide: VERIFICATION_SETTINGS, useValue: verificationSettings(config, clock) },
    { provide: VerificationFlowRepository, inject: [pgPool], useFactory: (pool: Pool) => new VerificationFlowRepository(pool, schema) },
    { provide: VerificationSecretsRepository, inject: [pgPool], useFactory: (pool: Pool) => new VerificationSecretsRepository(pool, schema) },
    { provide: IdentityAddresses, inject: [pgPool], useFactory: (pool: Pool) => new IdentityAddresses(pool, schema) },
    {
      provide: VerificationWriter,
      inject: [EventStore, VerificationFlowRepository, VerificationSecretsRepository, IdentityAddresses],
      useFactory: (store: EventStore, flows: VerificationFlowRepository, secrets: VerificationSecretsRepository, addresses: IdentityAddresses) =>
        new VerificationWriter(store, flows, secrets, addresses),
    },
    VerificationHandler,
  ];
}

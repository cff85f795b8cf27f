import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { CredentialsRepository } from '../identity/credentials.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { SessionService } from '../session/session.service';
import { RegistrationVerificationFlows } from '../verification/registration-verification';
import { VerificationFlowRepository } from '../verification/verification-flow.repository';
import { SettingsAccess } from './settings-access';
import { SettingsFlowRepository } from './settings-flow.repository';
import { SettingsHandler } from './settings.handler';
import { SETTINGS_SETTINGS, SettingsSettings } from './settings.settings';
import { SettingsWriter } from './settings.writer';

export function settingsSettings(config: FlowsConfig, clock: () => Date): SettingsSettings {
  const flow = config.selfservice.flows.settings;
  return {
    publicBaseUrl: config.serve.public.base_url,
    lifespanMs: flow.lifespan,
    uiUrl: flow.ui_url,
    privilegedMaxAgeMs: flow.privileged_session_max_age,
    requiredAal: flow.required_aal,
    securityNotice: flow.security_notice.enabled,
    afterReturnUrl: flow.after.default_browser_return_url,
    verification: {
      enabled: config.selfservice.flows.verification.enabled,
      lifespanMs: config.selfservice.methods.code.config.lifespan,
      uiUrl: config.selfservice.flows.verification.ui_url,
      secrets: config.secrets,
    },
    clock,
  };
}

/** The settings flow; SettingsFlowRepository is shared with recovery, which opens a settings flow on success. */
export function settingsProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const settings = settingsSettings(config, clock);
  return [
    { provide: SETTINGS_SETTINGS, useValue: settings },
    { provide: SettingsFlowRepository, inject: [pgPool], useFactory: (pool: Pool) => new SettingsFlowRepository(pool, config.database.schema) },
    {
      provide: SettingsWriter,
      inject: [EventStore, SettingsFlowRepository, CredentialsRepository, VerificationFlowRepository, SessionService],
      useFactory: (store: EventStore, flows: SettingsFlowRepository, creds: CredentialsRepository, verification: VerificationFlowRepository, sessions: SessionService) =>
        new SettingsWriter(store, flows, creds, new RegistrationVerificationFlows(verification, config.selfservice.flows.verification.lifespan), sessions),
    },
    {
      provide: SettingsAccess,
      inject: [SessionService, CredentialsRepository, IdentitySchemas],
      useFactory: (sessions: SessionService, creds: CredentialsRepository, schemas: IdentitySchemas) => new SettingsAccess(sessions, creds, schemas, settings),
    },
    SettingsHandler,
  ];
}

import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { SessionService } from '../session/session.service';
import { SettingsFlowRepository } from '../settings/settings-flow.repository';
import { VerificationSecretsRepository } from '../verification/verification-secrets.repository';
import { RecoveryAddresses } from './recovery-addresses';
import { RecoveryAdmin } from './recovery-admin';
import { RecoveryCompletion } from './recovery-completion';
import { RecoveryFlowRepository } from './recovery-flow.repository';
import { RecoveryFlows } from './recovery-flows';
import { RecoveryHandler } from './recovery.handler';
import { RECOVERY_SETTINGS, RecoverySettings } from './recovery.settings';
import { RecoveryWriter } from './recovery.writer';

export function recoverySettings(config: FlowsConfig, clock: () => Date): RecoverySettings {
  const flow = config.selfservice.flows.recovery;
  const settings = config.selfservice.flows.settings;
  const { code, link } = config.selfservice.methods;
  return {
    publicBaseUrl: config.serve.public.base_url,
    enabled: flow.enabled,
    lifespanMs: flow.lifespan,
    uiUrl: flow.ui_url,
    use: flow.use,
    revokeSessions: flow.after.hooks.some((h) => h.hook === 'revoke_active_sessions'),
    settings: { uiUrl: settings.ui_url, lifespanMs: settings.lifespan, privilegedMaxAgeMs: settings.privileged_session_max_age },
    code: { enabled: code.enabled, lifespanMs: code.config.lifespan, maxSubmissions: code.config.max_submissions },
    link: { enabled: link.enabled, lifespanMs: link.config.lifespan },
    secrets: config.secrets,
    clock,
  };
}

/** The recovery flow and its admin API. Secrets live beside verification's (VerificationSecretsRepository). */
export function recoveryProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const schema = config.database.schema;
  return [
    { provide: RECOVERY_SETTINGS, useValue: recoverySettings(config, clock) },
    { provide: RecoveryFlowRepository, inject: [pgPool], useFactory: (pool: Pool) => new RecoveryFlowRepository(pool, schema) },
    { provide: RecoveryAddresses, inject: [pgPool], useFactory: (pool: Pool) => new RecoveryAddresses(pool, schema) },
    {
      provide: RecoveryWriter,
      inject: [EventStore, RecoveryFlowRepository, VerificationSecretsRepository, SettingsFlowRepository, SessionService],
      useFactory: (store: EventStore, flows: RecoveryFlowRepository, secrets: VerificationSecretsRepository, settingsFlows: SettingsFlowRepository, sessions: SessionService) =>
        new RecoveryWriter(store, flows, secrets, settingsFlows, sessions),
    },
    RecoveryFlows,
    RecoveryCompletion,
    RecoveryHandler,
    RecoveryAdmin,
  ];
}

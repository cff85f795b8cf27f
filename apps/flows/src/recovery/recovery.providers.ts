import { Provider } from '@nestjs/common';
import { EventStore } from '@gatehouse/eventsourcing';
import { challengeSettings, pgRepository } from '../challenge/challenge.settings';
import { FlowsConfig } from '../config.schema';
import { SessionService } from '../session/session.service';
import { SettingsFlowRepository } from '../settings/settings-flow.repository';
import { VerificationSecretsRepository } from '../verification/verification-secrets.repository';
import { RecoveryAddresses } from '../identity/recovery-addresses';
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
  return {
    ...challengeSettings(config, flow, clock),
    settings: { uiUrl: settings.ui_url, lifespanMs: settings.lifespan, privilegedMaxAgeMs: settings.privileged_session_max_age },
  };
}

/** The recovery flow and its admin API. Secrets live beside verification's (VerificationSecretsRepository). */
export function recoveryProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const schema = config.database.schema;
  return [
    { provide: RECOVERY_SETTINGS, useValue: recoverySettings(config, clock) },
    pgRepository(RecoveryFlowRepository, pgPool, schema),
    pgRepository(RecoveryAddresses, pgPool, schema),
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

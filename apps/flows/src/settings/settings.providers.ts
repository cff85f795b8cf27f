import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
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
    afterReturnUrl: flow.after.default_browser_return_url,
    clock,
  };
}

/** The settings flow; SettingsFlowRepository is shared with recovery, which opens a settings flow on success. */
export function settingsProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  return [
    { provide: SETTINGS_SETTINGS, useValue: settingsSettings(config, clock) },
    { provide: SettingsFlowRepository, inject: [pgPool], useFactory: (pool: Pool) => new SettingsFlowRepository(pool, config.database.schema) },
    {
      provide: SettingsWriter,
      inject: [EventStore, SettingsFlowRepository],
      useFactory: (store: EventStore, flows: SettingsFlowRepository) => new SettingsWriter(store, flows),
    },
    SettingsHandler,
  ];
}

import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { CredentialsRepository } from '../identity/credentials.repository';
import { FlowRepository } from '../persistence/flow.repository';
import { SessionService } from '../session/session.service';
import { LoginHandler } from './login.handler';
import { LOGIN_FLOWS, LOGIN_SETTINGS, LoginSettings } from './login.settings';
import { LoginFlow } from './login.state';
import { LoginWriter } from './login.writer';

export function loginProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const login = config.selfservice.flows.login;
  const settings: LoginSettings = {
    publicBaseUrl: config.serve.public.base_url,
    lifespanMs: login.lifespan,
    uiUrl: login.ui_url,
    afterReturnUrl: login.after.default_browser_return_url,
    whoamiRequiredAal: config.session.whoami.required_aal,
    clock,
  };
  return [
    { provide: LOGIN_SETTINGS, useValue: settings },
    { provide: LOGIN_FLOWS, inject: [pgPool], useFactory: (pool: Pool) => new FlowRepository<LoginFlow>(pool, config.database.schema, 'login') },
    {
      provide: LoginWriter,
      inject: [EventStore, LOGIN_FLOWS, CredentialsRepository, SessionService],
      useFactory: (store: EventStore, flows: FlowRepository<LoginFlow>, creds: CredentialsRepository, sessions: SessionService) => new LoginWriter(store, flows, creds, sessions),
    },
    LoginHandler,
  ];
}

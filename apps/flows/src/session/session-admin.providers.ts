import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { FlowsConfig } from '../config.schema';
import { SESSION_ADMIN_SETTINGS, SessionAdmin, SessionAdminSettings } from './session-admin.service';
import { SessionAdminQueries } from './session-admin.queries';

export function sessionAdminProviders(config: FlowsConfig, pgPool: symbol): Provider[] {
  const settings: SessionAdminSettings = {
    lifespanMs: config.session.lifespan,
    earliestPossibleExtendMs: config.session.earliest_possible_extend ?? config.session.lifespan,
  };
  return [
    { provide: SESSION_ADMIN_SETTINGS, useValue: settings },
    { provide: SessionAdminQueries, inject: [pgPool], useFactory: (pool: Pool) => new SessionAdminQueries(pool, config.database.schema) },
    SessionAdmin,
  ];
}

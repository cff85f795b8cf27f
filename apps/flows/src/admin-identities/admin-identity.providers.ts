import { availableParallelism } from 'node:os';
import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { FlowsConfig } from '../config.schema';
import { CredentialsRepository } from '../identity/credentials.repository';
import { AdminIdentityHandler } from './admin-identity.handler';
import { AdminIdentityRepository } from './admin-identity.repository';
import { ADMIN_IDENTITY_SETTINGS, AdminIdentitySettings } from './admin-identity.settings';
import { AdminIdentityWriter } from './admin-identity.writer';
import { IdentityImportHandler } from './identity-import.handler';
import { IdentityImportWriter } from './identity-import.writer';

export function adminIdentityProviders(config: FlowsConfig, clock: () => Date, pgPool: symbol): Provider[] {
  const schema = config.database.schema;
  const settings: AdminIdentitySettings = { publicBaseUrl: config.serve.public.base_url, clock, hashConcurrency: Math.max(2, availableParallelism()) };
  return [
    { provide: ADMIN_IDENTITY_SETTINGS, useValue: settings },
    {
      provide: AdminIdentityRepository,
      inject: [pgPool, CredentialsRepository],
      useFactory: (pool: Pool, credentials: CredentialsRepository) => new AdminIdentityRepository(pool, schema, credentials),
    },
    { provide: AdminIdentityWriter, inject: [EventStore, AdminIdentityRepository], useFactory: (store: EventStore, repo: AdminIdentityRepository) => new AdminIdentityWriter(store, repo) },
    { provide: IdentityImportWriter, inject: [EventStore], useFactory: (store: EventStore) => new IdentityImportWriter(store) },
    AdminIdentityHandler,
    IdentityImportHandler,
  ];
}

import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Pool } from 'pg';
import { EventSealer, EventStore } from '@gatehouse/eventsourcing';
import { KafkaPublisher, createKafka } from '@gatehouse/messaging';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@gatehouse/platform';
import { AdminIdentityController } from './admin-identities/admin-identity.controller';
import { adminIdentityProviders } from './admin-identities/admin-identity.providers';
import { FlowsConfig } from './config.schema';
import { ErrorsController } from './errors/errors.controller';
import { browserProviders } from './http/browser.providers';
import { IdentityHistoryController } from './identity-history/identity-history.controller';
import { IdentityHistoryQueries } from './identity-history/identity-history.queries';
import { loginProviders } from './login/login.providers';
import { LoginController } from './login/login.controller';
import { LogoutController } from './logout/logout.controller';
import { CredentialsRepository } from './identity/credentials.repository';
import { flowsEventStore } from './identity/event-store.factory';
import { RegistrationController } from './registration/registration.controller';
import { registrationProviders } from './registration/registration.providers';
import { RelayService } from './relay/relay.service';
import { IdentitySchemas } from './schema/identity-schemas';
import { SchemaController } from './schema/schema.controller';
import { SessionAdminController } from './session/session-admin.controller';
import { sessionAdminProviders } from './session/session-admin.providers';
import { SessionController } from './session/session.controller';
import { SessionRepository } from './session/session.repository';
import { SESSION_SETTINGS, SessionService, SessionSettings } from './session/session.service';
import { MetricsController, metricsProviders } from './metrics';
import { hookProviders } from './hooks/hooks.providers';
import { passwordProviders } from './strategies/password/password.providers';
import { strategyProviders } from './strategies/strategies.providers';
import { VerificationController } from './verification/verification.controller';
import { verificationProviders } from './verification/verification.providers';
import { RecoveryAdminController, RecoveryController } from './recovery/recovery.controller';
import { recoveryProviders } from './recovery/recovery.providers';
import { SettingsController } from './settings/settings.controller';
import { settingsProviders } from './settings/settings.providers';
import { WebAuthnScriptController } from './strategies/webauthn/webauthn-script.controller';

export const PG_POOL = Symbol('PG_POOL');

/** The flows pool. An idle client that Postgres terminates (a restart, `pg_ctl -m fast`) makes the pool emit
 * 'error': handled here, so an outage never ends the process; requests fail fast meanwhile (503) and the pool
 * connects again once Postgres is back. */
function resilientPool(dsn: string): Pool {
  const pool = new Pool({ connectionString: dsn, max: 20, connectionTimeoutMillis: 3_000 });
  const logger = new Logger('postgres');
  pool.on('error', (e) => logger.warn(`an idle connection failed: ${e.message}`));
  return pool;
}

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** flows' store always seals (identity/event-store.factory.ts). */
function sealerOf(store: EventStore): EventSealer {
  if (!store.sealer) throw new Error('the flows event store seals identity events');
  return store.sealer;
}

/** What every flow shares: the pool, the event store, schemas, credentials, hashing, sessions, strategies and hooks. */
function sharedProviders(config: FlowsConfig, clock: () => Date): Provider[] {
  const schema = config.database.schema;
  const sessionSettings: SessionSettings = { lifespanMs: config.session.lifespan, publicBaseUrl: config.serve.public.base_url, whoamiRequiredAal: config.session.whoami.required_aal, clock };
  return [
    { provide: PG_POOL, useFactory: () => resilientPool(config.dsn) },
    PoolCloser,
    {
      provide: EventStore,
      inject: [PG_POOL],
      useFactory: (pool: Pool) => flowsEventStore(pool, { schema, cipherSecrets: config.secrets.cipher, clock }).store,
    },
    { provide: CredentialsRepository, inject: [PG_POOL], useFactory: (pool: Pool) => new CredentialsRepository(pool, schema) },
    { provide: SessionRepository, inject: [PG_POOL], useFactory: (pool: Pool) => new SessionRepository(pool, schema) },
    { provide: SESSION_SETTINGS, useValue: sessionSettings },
    SessionService,
    { provide: IdentitySchemas, useFactory: () => new IdentitySchemas(config.identity.schemas, config.identity.default_schema_id) },
    ...metricsProviders(),
    ...passwordProviders(config),
    ...strategyProviders(config, PG_POOL, clock),
    ...hookProviders(config),
  ];
}

function historyProviders(config: FlowsConfig): Provider[] {
  return [
    {
      provide: IdentityHistoryQueries,
      inject: [PG_POOL, EventStore],
      useFactory: (pool: Pool, store: EventStore) => new IdentityHistoryQueries(pool, config.database.schema, sealerOf(store)),
    },
  ];
}

function relayProviders(config: FlowsConfig): Provider[] {
  return [
    { provide: KafkaPublisher, useFactory: () => new KafkaPublisher(createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.client_id}-flows` })) },
    {
      provide: RelayService,
      inject: [KafkaPublisher, EventStore],
      useFactory: (publisher: KafkaPublisher, store: EventStore) =>
        new RelayService(publisher, {
          sealer: store.sealer,
          dsn: config.dsn,
          schema: config.database.schema,
          enabled: config.outbox.enabled,
          pollIntervalMs: config.outbox.poll_interval,
          batchSize: config.outbox.batch_size,
          topic: config.outbox.topic,
        }),
    },
    {
      provide: READINESS_CHECKS,
      inject: [PG_POOL, RelayService],
      useFactory: (pool: Pool, relay: RelayService): ReadinessCheck[] => [
        { name: 'database', check: async () => void (await pool.query('SELECT 1')) },
        // flows serves without Kafka (the outbox holds the events): reported, never a reason to stop traffic
        { name: 'kafka', required: false, check: () => relay.kafkaState() },
      ],
    },
  ];
}

/** Table of contents of the flows service; everything is built from the validated config. */
@Module({})
export class FlowsModule {
  static forRoot(config: FlowsConfig, clock: () => Date = () => new Date()): DynamicModule {
    return {
      module: FlowsModule,
      controllers: [RegistrationController, LoginController, LogoutController, SessionController, SchemaController, ErrorsController, HealthController, MetricsController, VerificationController, RecoveryController, RecoveryAdminController, SettingsController, SessionAdminController, AdminIdentityController, IdentityHistoryController, WebAuthnScriptController],
      providers: [...sharedProviders(config, clock), ...browserProviders(config, clock, PG_POOL), ...registrationProviders(config, clock, PG_POOL), ...loginProviders(config, clock, PG_POOL), ...verificationProviders(config, clock, PG_POOL), ...settingsProviders(config, clock, PG_POOL), ...recoveryProviders(config, clock, PG_POOL), ...sessionAdminProviders(config, PG_POOL), ...adminIdentityProviders(config, clock, PG_POOL), ...historyProviders(config), ...relayProviders(config)],
    };
  }
}

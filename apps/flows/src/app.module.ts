import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore } from '@gatehouse/eventsourcing';
import { EVENT_CONTRACTS, contractFor } from '@gatehouse/contracts';
import { KafkaPublisher, createKafka } from '@gatehouse/messaging';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@gatehouse/platform';
import { FlowsConfig } from './config.schema';
import { CredentialsRepository } from './persistence/credentials.repository';
import { FlowRepository } from './persistence/flow.repository';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationHandler } from './registration/registration.handler';
import { REGISTRATION_SETTINGS, RegistrationSettings } from './registration/registration.settings';
import { RegistrationWriter } from './registration/registration.writer';
import { RelayService } from './relay/relay.service';
import { IdentitySchemas } from './schema/identity-schemas';
import { PasswordHasher } from './strategies/password/password.hasher';

export const PG_POOL = Symbol('PG_POOL');

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** Table of contents of the flows service; everything is built from the validated config. */
@Module({})
export class FlowsModule {
  static forRoot(config: FlowsConfig, clock: () => Date = () => new Date()): DynamicModule {
    const schema = config.database.schema;
    const settings: RegistrationSettings = {
      publicBaseUrl: config.serve.public.base_url,
      lifespanMs: config.selfservice.flows.registration.lifespan,
      verification: { enabled: config.selfservice.flows.verification.enabled, lifespanMs: config.selfservice.flows.verification.lifespan },
      secrets: config.secrets,
      passwordPolicy: config.selfservice.methods.password.config,
      clock,
    };
    return {
      module: FlowsModule,
      controllers: [RegistrationController, HealthController],
      providers: [
        { provide: PG_POOL, useFactory: () => new Pool({ connectionString: config.dsn, max: 20 }) },
        PoolCloser,
        {
          provide: EventStore,
          inject: [PG_POOL],
          useFactory: (pool: Pool) =>
            new EventStore(pool, {
              schema,
              clock,
              validate: (e) => {
                const contract = contractFor(e.type, e.version);
                if (!contract) throw new Error(`no contract for ${e.type} v${e.version} (known: ${EVENT_CONTRACTS.map((c) => c.name).join(', ')})`);
                contract.schema.parse(e.data);
              },
            }),
        },
        { provide: FlowRepository, inject: [PG_POOL], useFactory: (pool: Pool) => new FlowRepository(pool, schema) },
        { provide: CredentialsRepository, useFactory: () => new CredentialsRepository(schema) },
        {
          provide: RegistrationWriter,
          inject: [EventStore, FlowRepository, CredentialsRepository],
          useFactory: (store: EventStore, flows: FlowRepository, creds: CredentialsRepository) => new RegistrationWriter(store, flows, creds),
        },
        { provide: IdentitySchemas, useFactory: () => new IdentitySchemas(config.identity.schemas, config.identity.default_schema_id) },
        { provide: PasswordHasher, useFactory: () => new PasswordHasher(config.hashers.argon2) },
        { provide: REGISTRATION_SETTINGS, useValue: settings },
        RegistrationHandler,
        { provide: KafkaPublisher, useFactory: () => new KafkaPublisher(createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.client_id}-flows` })) },
        {
          provide: RelayService,
          inject: [KafkaPublisher],
          useFactory: (publisher: KafkaPublisher) =>
            new RelayService(publisher, {
              dsn: config.dsn,
              schema,
              enabled: config.outbox.enabled,
              pollIntervalMs: config.outbox.poll_interval,
              batchSize: config.outbox.batch_size,
              topic: config.outbox.topic,
            }),
        },
        {
          provide: READINESS_CHECKS,
          inject: [PG_POOL, KafkaPublisher],
          useFactory: (pool: Pool, publisher: KafkaPublisher): ReadinessCheck[] => [
            { name: 'database', check: async () => void (await pool.query('SELECT 1')) },
            { name: 'kafka', check: () => publisher.connect() },
          ],
        },
      ],
    };
  }
}

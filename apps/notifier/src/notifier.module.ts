import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { HealthController, READINESS_CHECKS, postgresDataSourceOptions } from '@gatehouse/platform';
import { SmtpChannel } from './channels/smtp.channel';
import { NotifierConfig } from './config.schema';
import { CourierController } from './courier/courier.controller';
import { CourierMessages } from './courier/courier-messages';
import { notifierModel } from './database/data-source';
import { readinessChecks } from './health/readiness';
import { EventSubscription } from './kafka/event-subscription';
import { NotifierLifecycle } from './lifecycle';
import { RetryPolicy } from './mail/mail-job';
import { CourierJobRunner } from './queue/courier-job.runner';
import { MailProcessor } from './queue/mail.processor';
import { MailQueue } from './queue/mail.queue';
import { MailWorker } from './queue/mail.worker';
import { VerificationCodeReactor } from './reactors/verification-code.reactor';
import { VerificationRequestedReactor } from './reactors/verification-requested.reactor';
import { RecoveryRequestedReactor } from './reactors/recovery-requested.reactor';
import { SecurityNoticeReactor } from './reactors/security-notice.reactor';
import { IdentityProjector } from './reactors/identity-projector.reactor';
import { NotifierIdentities } from './identities/notifier-identities';
import { CourierTemplates } from './templates/overrides';
import { COURIER_OUTBOX, CourierOutboxPort, IDENTITY_DIRECTORY, INSTANCE_NAME, MAIL_QUEUE, NOTIFIER_CONFIG, REDIS, RETRY_POLICY } from './tokens';

type C = NotifierConfig;

@Module({})
export class NotifierModule {
  static forRoot(config: NotifierConfig): DynamicModule {
    // Every override is read and parsed here: a broken one stops the start with a ConfigError naming it.
    const templates = CourierTemplates.load(config.courier);
    return {
      module: NotifierModule,
      imports: [TypeOrmModule.forRoot({ ...postgresDataSourceOptions(notifierModel(config)), retryAttempts: 3, retryDelay: 1_000 })],
      controllers: [HealthController, CourierController],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
        { provide: INSTANCE_NAME, useValue: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}` },
        {
          provide: CourierMessages,
          inject: [NOTIFIER_CONFIG, DataSource],
          useFactory: (c: C, ds: DataSource) => new CourierMessages(ds, c.courier.worker.lock_duration),
        },
        { provide: RETRY_POLICY, useValue: { retries: config.courier.message_retries, backoffMs: config.courier.retry_backoff } satisfies RetryPolicy },
        {
          provide: REDIS,
          inject: [NOTIFIER_CONFIG],
          // Fail fast while Redis is away: the Kafka record is then redelivered instead of piling up here.
          useFactory: (c: C) => new Redis(c.redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
        },
        { provide: MAIL_QUEUE, inject: [NOTIFIER_CONFIG, REDIS], useFactory: (c: C, redis: Redis) => new MailQueue(c.courier.queue_name, redis) },
        {
          provide: SmtpChannel,
          inject: [NOTIFIER_CONFIG],
          useFactory: (c: C) =>
            new SmtpChannel({
              connectionUri: c.courier.smtp.connection_uri,
              fromAddress: c.courier.smtp.from_address,
              fromName: c.courier.smtp.from_name,
              localName: c.courier.smtp.local_name,
            }),
        },
        {
          provide: MailProcessor,
          inject: [NOTIFIER_CONFIG, SmtpChannel],
          useFactory: (c: C, smtp: SmtpChannel) =>
            new MailProcessor(smtp, {
              cipherSecrets: c.secrets.cipher,
              publicBaseUrl: c.serve.public.base_url,
              messageIdDomain: c.courier.smtp.from_address.split('@')[1] ?? 'gatehouse',
              templates,
            }),
        },
        {
          provide: COURIER_OUTBOX,
          inject: [CourierMessages, MailProcessor],
          useFactory: (messages: CourierMessages, processor: MailProcessor): CourierOutboxPort => ({
            recordQueued: (job) => messages.recordQueued(job.data.source.event_id, processor.draft(job.data)),
          }),
        },
        {
          provide: CourierJobRunner,
          inject: [NOTIFIER_CONFIG, MailProcessor, CourierMessages, INSTANCE_NAME],
          useFactory: (c: C, processor: MailProcessor, messages: CourierMessages, name: string) =>
            new CourierJobRunner(processor, messages, { retries: c.courier.message_retries, worker: name }),
        },
        {
          provide: MailWorker,
          inject: [NOTIFIER_CONFIG, CourierJobRunner, INSTANCE_NAME],
          useFactory: (c: C, runner: CourierJobRunner, name: string) =>
            new MailWorker(runner, {
              queueName: c.courier.queue_name,
              name,
              redisUrl: c.redis.url,
              concurrency: c.courier.worker.concurrency,
              lockDurationMs: c.courier.worker.lock_duration,
              stalledIntervalMs: c.courier.worker.stalled_interval,
              maxStalledCount: c.courier.worker.max_stalled_count,
            }),
        },
        { provide: IDENTITY_DIRECTORY, inject: [DataSource], useFactory: (ds: DataSource) => new NotifierIdentities(ds) },
        IdentityProjector,
        VerificationCodeReactor,
        VerificationRequestedReactor,
        RecoveryRequestedReactor,
        SecurityNoticeReactor,
        {
          provide: EventSubscription,
          inject: [NOTIFIER_CONFIG, IdentityProjector, VerificationCodeReactor, VerificationRequestedReactor, RecoveryRequestedReactor, SecurityNoticeReactor],
          useFactory: (
            c: C,
            projector: IdentityProjector,
            registered: VerificationCodeReactor,
            requested: VerificationRequestedReactor,
            recovery: RecoveryRequestedReactor,
            notices: SecurityNoticeReactor,
          ) =>
            // the projector first: the identity is recorded before any mail reactor looks it up
            new EventSubscription({ brokers: c.kafka.brokers, clientId: c.kafka.client_id, groupId: c.kafka.group_id, topic: c.kafka.topic }, [
              projector,
              registered,
              requested,
              recovery,
              // courier.templates.security_notice.enabled: false → SecurityNoticeRequested asks for no mail
              ...(c.courier.templates.security_notice.enabled ? [notices] : []),
            ]),
        },
        { provide: READINESS_CHECKS, inject: [REDIS, EventSubscription, DataSource], useFactory: readinessChecks },
        NotifierLifecycle,
      ],
    };
  }
}

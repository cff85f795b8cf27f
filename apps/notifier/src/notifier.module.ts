import { DynamicModule, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HealthController, READINESS_CHECKS } from '@gatehouse/platform';
import { SmtpChannel } from './channels/smtp.channel';
import { NotifierConfig } from './config.schema';
import { readinessChecks } from './health/readiness';
import { EventSubscription } from './kafka/event-subscription';
import { NotifierLifecycle } from './lifecycle';
import { RetryPolicy } from './mail/mail-job';
import { MailProcessor } from './queue/mail.processor';
import { MailQueue } from './queue/mail.queue';
import { MailWorker } from './queue/mail.worker';
import { VerificationCodeReactor } from './reactors/verification-code.reactor';
import { MAIL_QUEUE, NOTIFIER_CONFIG, REDIS, RETRY_POLICY } from './tokens';

type C = NotifierConfig;

@Module({})
export class NotifierModule {
  static forRoot(config: NotifierConfig): DynamicModule {
    return {
      module: NotifierModule,
      controllers: [HealthController],
      providers: [
        { provide: NOTIFIER_CONFIG, useValue: config },
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
            }),
        },
        {
          provide: MailWorker,
          inject: [NOTIFIER_CONFIG, MailProcessor],
          useFactory: (c: C, processor: MailProcessor) =>
            new MailWorker(processor, { queueName: c.courier.queue_name, redisUrl: c.redis.url, concurrency: c.courier.worker.concurrency }),
        },
        VerificationCodeReactor,
        {
          provide: EventSubscription,
          inject: [NOTIFIER_CONFIG, VerificationCodeReactor],
          useFactory: (c: C, reactor: VerificationCodeReactor) =>
            new EventSubscription({ brokers: c.kafka.brokers, clientId: c.kafka.client_id, groupId: c.kafka.group_id, topic: c.kafka.topic }, [reactor]),
        },
        { provide: READINESS_CHECKS, inject: [REDIS, EventSubscription], useFactory: readinessChecks },
        NotifierLifecycle,
      ],
    };
  }
}

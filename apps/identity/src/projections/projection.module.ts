import { Module } from '@nestjs/common';
import { createKafka } from '@gatehouse/messaging';
import { IdentityConfig } from '../config.schema';
import { IDENTITY_CONFIG, IDENTITY_KAFKA } from '../identity.constants';
import { IdentityProjector } from './identity.projector';
import { ProjectionRunner } from './projection.runner';

@Module({
  providers: [
    {
      provide: IDENTITY_KAFKA,
      inject: [IDENTITY_CONFIG],
      useFactory: (config: IdentityConfig) => createKafka({ brokers: config.kafka.brokers, clientId: config.kafka.client_id }),
    },
    IdentityProjector,
    ProjectionRunner,
  ],
  exports: [ProjectionRunner],
})
export class ProjectionModule {}

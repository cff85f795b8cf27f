import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AwaitModule } from './await/await.module';
import { IdentityConfig } from './config.schema';
import { postgresDataSourceOptions } from '@gatehouse/platform';
import { identityModel } from './database/data-source';
import { HealthModule } from './health/health.module';
import { NoCacheMiddleware } from './http/no-cache.middleware';
import { IdentitiesModule } from './identities/identities.module';
import { IDENTITY_CONFIG } from './identity.constants';
import { ProjectionModule } from './projections/projection.module';

/** Makes the validated config injectable everywhere (IDENTITY_CONFIG). */
@Global()
@Module({})
class IdentityConfigModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return { module: IdentityConfigModule, providers: [{ provide: IDENTITY_CONFIG, useValue: config }], exports: [IDENTITY_CONFIG] };
  }
}

/** apps/identity: the admin identity API over a Kafka-fed read model, and the internal read-your-writes wait. */
@Module({})
export class IdentityAppModule implements NestModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityAppModule,
      imports: [
        IdentityConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...postgresDataSourceOptions(identityModel(config)), retryAttempts: 3, retryDelay: 1_000 }),
        ProjectionModule,
        IdentitiesModule,
        AwaitModule,
        HealthModule,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(NoCacheMiddleware).forRoutes('*');
  }
}

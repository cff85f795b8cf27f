import { Module } from '@nestjs/common';
import { IdentitiesController } from './identities.controller';
import { IdentityQueries } from './identity.queries';

@Module({
  controllers: [IdentitiesController],
  providers: [IdentityQueries],
})
export class IdentitiesModule {}

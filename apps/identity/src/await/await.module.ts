import { Module } from '@nestjs/common';
import { AwaitController } from './await.controller';
import { AwaitService } from './await.service';

@Module({
  controllers: [AwaitController],
  providers: [AwaitService],
})
export class AwaitModule {}

import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from '@gatehouse/platform';
import { ProjectionModule } from '../projections/projection.module';
import { ProjectionRunner } from '../projections/projection.runner';

/** /health/alive and /health/ready: ready = the read model answers and the projection consumes. */
@Module({
  imports: [ProjectionModule],
  controllers: [HealthController],
  providers: [
    {
      provide: READINESS_CHECKS,
      inject: [DataSource, ProjectionRunner],
      useFactory: (dataSource: DataSource, runner: ProjectionRunner): ReadinessCheck[] => [
        { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
        {
          name: 'projection',
          check: async () => {
            if (!runner.isRunning) throw new Error('the identity event consumer is not running');
          },
        },
      ],
    },
  ],
})
export class HealthModule {}

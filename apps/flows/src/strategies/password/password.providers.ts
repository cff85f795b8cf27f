import { Provider } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { FlowsConfig } from '../../config.schema';
import { METRICS_REGISTRY } from '../../metrics/metrics.registry';
import { PasswordHasher } from './password.hasher';
import { PasswordPolicy } from './password.policy';
import { PwnedPasswords, hibpUnavailableCounter } from './pwned-passwords';

/** PasswordHasher, PwnedPasswords and PasswordPolicy, built from the config (the PasswordStrategy: strategyProviders). Needs METRICS_REGISTRY (metricsProviders()). */
export function passwordProviders(config: Pick<FlowsConfig, 'hashers' | 'selfservice'>): Provider[] {
  const policy = config.selfservice.methods.password.config;
  return [
    { provide: PasswordHasher, useFactory: () => new PasswordHasher(config.hashers) },
    {
      provide: PwnedPasswords,
      inject: [METRICS_REGISTRY],
      useFactory: (registry: Registry) => new PwnedPasswords({ host: policy.haveibeenpwned_host }, hibpUnavailableCounter(registry)),
    },
    {
      provide: PasswordPolicy,
      inject: [PwnedPasswords, PasswordHasher],
      useFactory: (breaches: PwnedPasswords, hasher: PasswordHasher) => new PasswordPolicy(policy, breaches, hasher.maxPasswordBytes),
    },
  ];
}

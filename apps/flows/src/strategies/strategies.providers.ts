import { Provider } from '@nestjs/common';
import type { FlowsConfig } from '../config.schema';
import { PasswordAuthenticator } from '../login/login.authenticator';
import { CredentialsRepository } from '../identity/credentials.repository';
import { IdentitySchemas } from '../schema/identity-schemas';
import { CodeStrategy } from './code/code.strategy';
import { LinkStrategy } from './link/link.strategy';
import { PasswordHasher } from './password/password.hasher';
import { PasswordPolicy } from './password/password.policy';
import { FlowSecrets } from '../flow/flow-secrets';
import { LookupSecretStrategy } from './lookup-secret/lookup-secret.strategy';
import { ProfileStrategy } from './profile/profile.strategy';
import { TotpStrategy } from './totp/totp.strategy';
import { PasswordStrategy } from './password/password.strategy';
import { StrategyRegistry, enabledMethods } from './strategy.registry';

/** The StrategyRegistry: password, code and link, enabled as selfservice.methods.<id>.enabled says. Needs
 * passwordProviders(), CredentialsRepository and IdentitySchemas. */
export function strategyProviders(config: FlowsConfig): Provider[] {
  const { code, link } = config.selfservice.methods;
  // the secrets a flow keeps between requests (a TOTP seed or lookup codes not confirmed yet) are sealed
  const flowSecrets = new FlowSecrets(config.secrets.cipher);
  return [
    {
      provide: PasswordAuthenticator,
      inject: [CredentialsRepository, PasswordHasher],
      useFactory: (credentials: CredentialsRepository, hasher: PasswordHasher) => new PasswordAuthenticator(credentials, hasher),
    },
    {
      provide: StrategyRegistry,
      inject: [PasswordPolicy, PasswordHasher, PasswordAuthenticator, IdentitySchemas],
      useFactory: (policy: PasswordPolicy, hasher: PasswordHasher, authenticator: PasswordAuthenticator, schemas: IdentitySchemas) =>
        new StrategyRegistry(
          [
            new ProfileStrategy(schemas),
            new PasswordStrategy(policy, hasher, authenticator, schemas),
            new CodeStrategy({ secrets: config.secrets, lifespanMs: code.config.lifespan }),
            new TotpStrategy({ issuer: config.selfservice.methods.totp.config.issuer, publicBaseUrl: config.serve.public.base_url, secrets: flowSecrets }),
            new LookupSecretStrategy({ secrets: flowSecrets }),
            new LinkStrategy({ secrets: config.secrets, lifespanMs: link.config.lifespan }),
          ],
          enabledMethods(config.selfservice.methods),
        ),
    },
  ];
}

import { Provider } from '@nestjs/common';
import { Pool } from 'pg';
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
import { PasskeyRepository } from './passkey/passkey.repository';
import { PasskeyStrategy } from './passkey/passkey.strategy';
import { ProfileStrategy } from './profile/profile.strategy';
import { TotpStrategy } from './totp/totp.strategy';
import { WebAuthnStrategy } from './webauthn/webauthn.strategy';
import { PasswordStrategy } from './password/password.strategy';
import { StrategyRegistry, enabledMethods } from './strategy.registry';

/** The StrategyRegistry: password, code and link, enabled as selfservice.methods.<id>.enabled says. Needs
 * passwordProviders(), CredentialsRepository and IdentitySchemas. */
export function strategyProviders(config: FlowsConfig, pgPool: symbol, clock: () => Date): Provider[] {
  const { code, link, webauthn, passkey } = config.selfservice.methods;
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
      inject: [PasswordPolicy, PasswordHasher, PasswordAuthenticator, IdentitySchemas, pgPool],
      useFactory: (policy: PasswordPolicy, hasher: PasswordHasher, authenticator: PasswordAuthenticator, schemas: IdentitySchemas, pool: Pool) =>
        new StrategyRegistry(
          [
            new ProfileStrategy(schemas),
            new PasswordStrategy(policy, hasher, authenticator, schemas),
            new CodeStrategy({ secrets: config.secrets, lifespanMs: code.config.lifespan }),
            new TotpStrategy({ issuer: config.selfservice.methods.totp.config.issuer, publicBaseUrl: config.serve.public.base_url, secrets: flowSecrets }),
            new LookupSecretStrategy({ secrets: flowSecrets }),
            new WebAuthnStrategy({ config: webauthn.config, publicBaseUrl: config.serve.public.base_url }),
            new PasskeyStrategy({ config: passkey.config, publicBaseUrl: config.serve.public.base_url, owners: new PasskeyRepository(pool, config.database.schema), clock }),
            new LinkStrategy({ secrets: config.secrets, lifespanMs: link.config.lifespan }),
          ],
          enabledMethods(config.selfservice.methods),
        ),
    },
  ];
}

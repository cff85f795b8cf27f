import { UiNode } from '@gatehouse/contracts';
import type { PasswordAuthenticator } from '../../login/login.authenticator';
import type { IdentitySchemas } from '../../schema/identity-schemas';
import { passwordLoginNodes } from '../../ui/login-nodes';
import { passwordSettingsNodes, passwordSignUpNodes } from '../../ui/password-nodes';
import { NodeTarget, Strategy, Submits } from '../strategy';
import { passwordLogin } from './login';
import { NewPasswordSubmit, newPassword } from './new-password';
import { passwordSettings } from './settings';
import { PasswordHasher } from './password.hasher';
import { PasswordPolicy } from './password.policy';

/** The `password` method (kratos:selfservice/strategy/password): owns the password credential; signs up (login.ts,
 * new-password.ts), logs in and changes the password in settings. */
export class PasswordStrategy implements Strategy {
  readonly id = 'password';
  readonly credentialType = 'password';
  readonly submit: Pick<Submits, 'login' | 'settings'> & { registration: NewPasswordSubmit };

  constructor(policy: PasswordPolicy, hasher: PasswordHasher, authenticator: PasswordAuthenticator, schemas: IdentitySchemas) {
    const credential = newPassword(policy, hasher, schemas);
    this.submit = { login: passwordLogin(authenticator), registration: credential, settings: passwordSettings(credential) };
  }

  /** Login: the identifier (default group, keeping what the last submit named), password and "Sign in"; registration
   * and settings: the new password and the submit. The registration's traits are the flow's own nodes. */
  nodes(t: NodeTarget): UiNode[] {
    switch (t.kind) {
      case 'login': {
        // a step-up (aal2) flow shows second factors only
        if (t.flow.requestedAal === 'aal2') return [];
        const identifier = t.flow.ui?.values?.identifier;
        return passwordLoginNodes(t.schema, typeof identifier === 'string' ? identifier : undefined);
      }
      case 'registration':
        return passwordSignUpNodes();
      case 'settings':
        return passwordSettingsNodes();
      default:
        return [];
    }
  }
}

import { Messages, UiNode } from '@gatehouse/contracts';
import { input } from './nodes';

/** The new-password input of registration and settings. */
function newPasswordInput(): UiNode {
  return input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, Messages.InfoNodeLabelInputPassword());
}

/** The password method's registration inputs: the new password and "Sign up" (kratos:selfservice/strategy/password/registration.go). */
export function passwordSignUpNodes(): UiNode[] {
  return [newPasswordInput(), input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.InfoSelfServiceRegistration())];
}

/** The password method's settings form: the new password and "Save" (kratos:selfservice/strategy/password/settings.go). */
export function passwordSettingsNodes(): UiNode[] {
  return [newPasswordInput(), input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.InfoNodeLabelSave())];
}

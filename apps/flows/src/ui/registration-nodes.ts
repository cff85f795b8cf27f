import { Messages, UiNode } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { input, traitNodes } from './nodes';

/** The one-step password registration form: traits (group default), password, and the "Sign up" submit. */
export function passwordRegistrationNodes(schema: IdentitySchema, traits: Record<string, unknown> = {}): UiNode[] {
  return [
    ...traitNodes(schema, 'default', traits),
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, Messages.password()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.signUp()),
  ];
}

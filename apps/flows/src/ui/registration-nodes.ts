import { Messages, UiNode } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { input, traitNodes } from './nodes';

/** Kratos's two-step (profile_first) registration, step 1: the traits and a "Sign up" submit of the profile method. */
export function profileStepNodes(schema: IdentitySchema, traits: Record<string, unknown> = {}): UiNode[] {
  return [...traitNodes(schema, 'default', traits), input('profile', { name: 'method', type: 'submit', value: 'profile' }, Messages.signUp())];
}

/** Step 2: the chosen traits ride along hidden; the password method's form, and "Back" to the profile. */
export function credentialsStepNodes(schema: IdentitySchema, traits: Record<string, unknown>): UiNode[] {
  const hidden = traitNodes(schema, 'default', traits).map((n) => ({ ...n, attributes: { ...n.attributes, type: 'hidden' as const } }));
  return [
    ...hidden,
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, Messages.password()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.signUp()),
    input('profile', { name: 'screen', type: 'submit', value: 'previous' }, Messages.back()),
  ];
}

/** The one-step password registration form: traits (group default), password, and the "Sign up" submit. */
export function passwordRegistrationNodes(schema: IdentitySchema, traits: Record<string, unknown> = {}): UiNode[] {
  return [
    ...traitNodes(schema, 'default', traits),
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, Messages.password()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.signUp()),
  ];
}

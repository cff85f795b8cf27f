import { Messages, UiNode } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { input, traitNodes } from './nodes';
import { passwordSignUpNodes } from './password-nodes';

/** Kratos's two-step (profile_first) registration, step 1: the traits and a "Sign up" submit of the profile method. */
export function profileStepNodes(schema: IdentitySchema, traits: Record<string, unknown> = {}): UiNode[] {
  return [...traitNodes(schema, 'default', traits), input('profile', { name: 'method', type: 'submit', value: 'profile' }, Messages.InfoSelfServiceRegistration())];
}

/** Step 2: the chosen traits ride along hidden; the methods' inputs (the strategies' nodes), and "Back" to the profile. */
export function credentialsStepNodes(schema: IdentitySchema, traits: Record<string, unknown>, methods: UiNode[] = passwordSignUpNodes()): UiNode[] {
  const hidden = traitNodes(schema, 'default', traits).map((n) => ({ ...n, attributes: { ...n.attributes, type: 'hidden' as const } }));
  return [...hidden, ...methods, input('profile', { name: 'screen', type: 'submit', value: 'previous' }, Messages.InfoSelfServiceRegistrationBack())];
}

/** The one-step registration form: traits (group default), then the methods' inputs (the strategies' nodes). */
export function passwordRegistrationNodes(schema: IdentitySchema, traits: Record<string, unknown> = {}, methods: UiNode[] = passwordSignUpNodes()): UiNode[] {
  return [...traitNodes(schema, 'default', traits), ...methods];
}

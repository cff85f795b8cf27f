import { Messages, UiNode, UiText } from '@gatehouse/contracts';
import { IdentitySchema, traitFields } from '../schema/identity-schema';
import { input } from './nodes';

/** The identifier's label: the schema title when exactly one trait is a password identifier, else "ID". */
function identifierLabel(schema: IdentitySchema): UiText {
  const identifiers = traitFields(schema).filter((f) => f.schema['ory.sh/kratos']?.credentials?.password?.identifier);
  const [only] = identifiers;
  if (identifiers.length === 1 && only.schema.title) return Messages.InfoNodeLabelGenerated(only.schema.title, `traits.${only.path}`);
  return Messages.InfoNodeLabelID();
}

/** The password login form: identifier (default group), password and "Sign in with password". */
export function passwordLoginNodes(schema: IdentitySchema, identifier?: string): UiNode[] {
  return [
    input('default', { name: 'identifier', type: 'text', value: identifier ?? '', required: true }, identifierLabel(schema)),
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' }, Messages.InfoNodeLabelInputPassword()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, Messages.InfoSelfServiceLoginPassword()),
  ];
}

import { Messages, UiNode, UiNodeGroup, UiNodeInputAttributes, UiText } from '@gatehouse/contracts';
import { IdentitySchema, JsonSchema, TraitField, traitFields } from '../schema/identity-schema';
import { getPath } from '../schema/traits';

/** One input node per trait, derived from the identity schema as Kratos does (NewInputFieldFromSchema). */
export function traitNodes(schema: IdentitySchema, group: UiNodeGroup, values: Record<string, unknown> = {}): UiNode[] {
  return traitFields(schema).map((field) => traitNode(field, group, getPath(values, field.path)));
}

function traitNode(field: TraitField, group: UiNodeGroup, value: unknown): UiNode {
  const name = `traits.${field.path}`;
  const attributes: UiNodeInputAttributes = { name, type: inputType(field.schema), disabled: false, node_type: 'input' };
  if (value !== undefined) attributes.value = value;
  if (field.required) attributes.required = true;
  const autocomplete = field.schema.format === 'email' ? 'email' : field.schema.format === 'tel' ? 'tel' : undefined;
  if (autocomplete) attributes.autocomplete = autocomplete;
  if (field.schema.pattern) attributes.pattern = field.schema.pattern;
  const node: UiNode = { type: 'input', group, attributes: orderAttributes(attributes), messages: [], meta: {} };
  if (field.schema.title) node.meta.label = Messages.InfoNodeLabelGenerated(field.schema.title, name);
  return node;
}

function inputType(s: JsonSchema): UiNodeInputAttributes['type'] {
  switch (s.format) {
    case 'email':
      return 'email';
    case 'tel':
      return 'tel';
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime-local';
    case 'uri':
      return 'url';
  }
  if (s.type === 'number' || s.type === 'integer') return 'number';
  if (s.type === 'boolean') return 'checkbox';
  return 'text';
}

export function input(group: UiNodeGroup, attributes: Omit<UiNodeInputAttributes, 'disabled' | 'node_type'>, label?: UiText): UiNode {
  return {
    type: 'input',
    group,
    attributes: orderAttributes({ ...attributes, disabled: false, node_type: 'input' }),
    messages: [],
    meta: label ? { label } : {},
  };
}

/** The hidden anti-CSRF input every browser flow starts with (group default, required). */
export function csrfNode(maskedToken: string): UiNode {
  return input('default', { name: 'csrf_token', type: 'hidden', value: maskedToken, required: true });
}

/** Kratos serializes attributes in a fixed order; keep ours the same so snapshots and diffs stay stable. */
function orderAttributes(a: UiNodeInputAttributes): UiNodeInputAttributes {
  const { name, type, value, required, autocomplete, pattern, maxlength, disabled, node_type } = a;
  return JSON.parse(JSON.stringify({ name, type, value, required, autocomplete, pattern, maxlength, disabled, node_type }));
}

/** Puts messages on the nodes they belong to; the rest go to the form. */
export function attachMessages(nodes: UiNode[], errors: ReadonlyArray<{ node?: string; message: UiText }>): UiText[] {
  const formMessages: UiText[] = [];
  for (const e of errors) {
    const target = e.node ? nodes.find((n) => n.attributes.name === e.node) : undefined;
    if (target) target.messages.push(e.message);
    else formMessages.push(e.message);
  }
  return formMessages;
}

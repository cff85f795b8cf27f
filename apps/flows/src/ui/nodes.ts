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

/** Kratos's text node (node.NewTextField): a message to show, such as a TOTP secret or lookup codes. */
export interface UiTextNode {
  type: 'text';
  group: UiNodeGroup;
  attributes: { text: UiText; id: string; node_type: 'text' };
  messages: UiText[];
  meta: { label?: UiText };
}

/** Kratos's image node (node.NewImageField), such as the TOTP QR code. */
export interface UiImageNode {
  type: 'img';
  group: UiNodeGroup;
  attributes: { src: string; id: string; width: number; height: number; node_type: 'img' };
  messages: UiText[];
  meta: { label?: UiText };
}

/** A text node among a strategy's nodes. The contracts' UiNode type knows input nodes only, hence the cast; the
 * flow view filters inputs by `type` before attaching messages, so a text node passes through unchanged. */
export function textNode(group: UiNodeGroup, id: string, text: UiText, label?: UiText): UiNode {
  const node: UiTextNode = { type: 'text', group, attributes: { text, id, node_type: 'text' }, messages: [], meta: label ? { label } : {} };
  return node as unknown as UiNode;
}

/** An image node among a strategy's nodes (see textNode for the cast). */
export function imageNode(group: UiNodeGroup, id: string, src: string, size: { width: number; height: number }, label?: UiText): UiNode {
  const attributes = { src, id, width: size.width, height: size.height, node_type: 'img' as const };
  const node: UiImageNode = { type: 'img', group, attributes, messages: [], meta: label ? { label } : {} };
  return node as unknown as UiNode;
}

/** Kratos's script node (node.NewScriptField), such as webauthn.js: async, no referrer, anonymous CORS. */
export interface UiScriptNode {
  type: 'script';
  group: UiNodeGroup;
  attributes: { src: string; async: true; referrerpolicy: 'no-referrer'; crossorigin: 'anonymous'; integrity: string; type: 'text/javascript'; id: string; nonce: string; node_type: 'script' };
  messages: UiText[];
  meta: Record<string, never>;
}

/** A script node among a strategy's nodes (see textNode for the cast). */
export function scriptNode(group: UiNodeGroup, id: string, src: string, integrity: string, nonce: string): UiNode {
  const attributes = { src, async: true, referrerpolicy: 'no-referrer', crossorigin: 'anonymous', integrity, type: 'text/javascript', id, nonce, node_type: 'script' } as const;
  const node: UiScriptNode = { type: 'script', group, attributes, messages: [], meta: {} };
  return node as unknown as UiNode;
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

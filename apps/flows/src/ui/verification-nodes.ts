import { Messages as M, UiNode, UiText } from '@gatehouse/contracts';
import { input } from './nodes';

/** Kratos's anchor node (`a`), which the shared input-node type does not cover. */
export interface UiAnchorNode {
  type: 'a';
  group: 'code' | 'link';
  attributes: { id: string; href: string; title: UiText; node_type: 'a' };
  messages: UiText[];
  meta: Record<string, never>;
}

/** The email form a verification flow starts with (kratos:selfservice/strategy/{code,link}/strategy_verification.go). */
export function emailNodes(method: 'code' | 'link', email?: string): UiNode[] {
  return [
    input(method, { name: 'email', type: 'email', required: true, ...(email !== undefined ? { value: email } : {}) }, M.InfoNodeLabelEmail()),
    input(method, { name: 'method', type: 'submit', value: method }, method === 'code' ? M.InfoNodeLabelContinue() : M.InfoNodeLabelSubmit()),
  ];
}

/** After a code was sent: the code input, submit, and a resend button carrying the address (recovery passes its label). */
export function codeNodes(sentTo?: string, codeLabel: UiText = M.InfoNodeLabelVerificationCode()): UiNode[] {
  return [
    input('code', { name: 'code', type: 'text', required: true, autocomplete: 'one-time-code', pattern: '[0-9]+', maxlength: 6 }, codeLabel),
    input('code', { name: 'method', type: 'hidden', value: 'code' }),
    input('code', { name: 'method', type: 'submit', value: 'code' }, M.InfoNodeLabelContinue()),
    ...(sentTo !== undefined ? [input('code', { name: 'email', type: 'submit', value: sentTo }, M.InfoNodeLabelResendOTP())] : []),
  ];
}

/** A passed flow: one link to continue (Kratos's "continue" anchor). */
export function continueNode(method: 'code' | 'link', href: string): UiAnchorNode {
  return { type: 'a', group: method, attributes: { id: 'continue', href, title: M.InfoNodeLabelContinue(), node_type: 'a' }, messages: [], meta: {} };
}

import { UiNode, UiText } from '@gatehouse/contracts';
import { StoredFlow } from '../flow/flow.types';
import { attachMessages, csrfNode } from './nodes';
import { UiAnchorNode } from './verification-nodes';

export type FlowKind = 'login' | 'registration' | 'verification' | 'recovery' | 'settings';

export interface FlowViewOptions {
  /** The method the flow shows as active (Kratos's `active`). */
  active?: string;
  /** The messages to show, from those the last failed submit left on the form (default: those). */
  messages?: (formMessages: UiText[]) => UiText[];
}

/** The fields every self-service flow shows in Kratos's JSON (id, type, times, request_url, return_to, ui),
 * with the masked CSRF token first for browser flows and what the last failed submit left on the flow.
 * Kratos gives login and registration flows an organization_id. */
export function flowView<K extends FlowKind, N extends UiNode | UiAnchorNode = UiNode>(
  flow: StoredFlow,
  kind: K,
  publicBaseUrl: string,
  form: N[],
  csrfToken?: string,
  options: FlowViewOptions = {},
) {
  const ui = flow.ui ?? {};
  const nodes: Array<N | UiNode> = [...(csrfToken !== undefined ? [csrfNode(csrfToken)] : []), ...form];
  const inputs = nodes.filter((n): n is UiNode => n.type === 'input');
  const formMessages: UiText[] = [...attachMessages(inputs, ui.fields ?? []), ...(ui.form ?? [])];
  const messages = options.messages ? options.messages(formMessages) : formMessages;
  return {
    id: flow.id,
    ...((kind === 'login' || kind === 'registration' ? { organization_id: null } : {}) as K extends 'login' | 'registration' ? { organization_id: null } : object),
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(options.active ? { active: options.active } : {}),
    ui: {
      action: `${publicBaseUrl.replace(/\/+$/, '')}/self-service/${kind}?flow=${flow.id}`,
      method: 'POST' as const,
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
  };
}

/** A challenge flow's messages: a refusal replaces the state's message, as Kratos clears ui.messages before
 * adding the error. */
export function challengeMessages(stateMessage: UiText | undefined): (formMessages: UiText[]) => UiText[] {
  return (formMessages) => (formMessages.length > 0 ? formMessages : stateMessage ? [stateMessage] : []);
}

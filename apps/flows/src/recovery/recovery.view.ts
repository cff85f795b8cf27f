import { UiNode, UiText } from '@gatehouse/contracts';
import { attachMessages, csrfNode } from '../ui/nodes';
import { codeNodes, emailNodes } from '../ui/verification-nodes';
import { RecoveryMessages as M } from './recovery.messages';
import { RecoveryFlow } from './recovery.state';

export interface RecoveryView {
  id: string;
  type: 'api' | 'browser';
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  ui: { action: string; method: 'POST'; nodes: UiNode[]; messages?: UiText[] };
  state: RecoveryFlow['state'];
  continue_with?: unknown[];
}

/** A recovery flow in Kratos's recoveryFlow shape (kratos:selfservice/strategy/{code,link}/strategy_recovery.go);
 * the nodes and the message follow the state. */
export function recoveryFlowView(flow: RecoveryFlow, s: { publicBaseUrl: string; use: 'code' | 'link' }, csrfToken?: string): RecoveryView {
  const ui = flow.ui ?? {};
  const method = flow.active ?? s.use;
  const csrf = csrfToken !== undefined ? [csrfNode(csrfToken)] : [];
  let nodes: UiNode[];
  let stateMessage: UiText | undefined;
  if (flow.state !== 'choose_method' && method === 'code') {
    nodes = [...csrf, ...codeNodes(flow.sentTo, M.labelRecoveryCode())];
    if (flow.state === 'sent_email') stateMessage = M.emailWithCodeSent();
  } else {
    nodes = [...csrf, ...emailNodes(method, flow.sentTo)];
    if (flow.state === 'sent_email') stateMessage = M.emailWithLinkSent();
  }
  // a refusal replaces the state's message, as Kratos clears ui.messages before adding the error
  const formMessages = [...attachMessages(nodes, ui.fields ?? []), ...(ui.form ?? [])];
  const messages = formMessages.length > 0 ? formMessages : stateMessage ? [stateMessage] : [];
  return {
    id: flow.id,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.active ? { active: flow.active } : {}),
    ui: {
      action: `${s.publicBaseUrl.replace(/\/+$/, '')}/self-service/recovery?flow=${flow.id}`,
      method: 'POST',
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
    state: flow.state,
  };
}

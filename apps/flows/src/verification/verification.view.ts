import { UiNode, UiText } from '@gatehouse/contracts';
import { attachMessages, csrfNode } from '../ui/nodes';
import { UiAnchorNode, codeNodes, continueNode, emailNodes } from '../ui/verification-nodes';
import { VerificationMessages as M } from './verification.messages';
import { VerificationFlow } from './verification.state';

export interface VerificationView {
  id: string;
  type: 'api' | 'browser';
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  ui: { action: string; method: 'POST'; nodes: Array<UiNode | UiAnchorNode>; messages?: UiText[] };
  state: VerificationFlow['state'];
}

export interface VerificationViewSettings {
  publicBaseUrl: string;
  /** The method a flow that sent nothing yet offers. */
  use: 'code' | 'link';
  /** Where the continue link of a passed flow points. */
  continueUrl: string;
}

/** A verification flow in Kratos's verificationFlow shape; the nodes and the message follow the state. */
export function verificationFlowView(flow: VerificationFlow, s: VerificationViewSettings, csrfToken?: string): VerificationView {
  const ui = flow.ui ?? {};
  const method = flow.active ?? s.use;
  const csrf = csrfToken !== undefined ? [csrfNode(csrfToken)] : [];
  let nodes: Array<UiNode | UiAnchorNode>;
  let stateMessage: UiText | undefined;
  if (flow.state === 'passed_challenge') {
    nodes = [continueNode(method, flow.returnTo ?? s.continueUrl)];
    stateMessage = M.verified();
  } else if (flow.state === 'sent_email' && method === 'code') {
    nodes = [...csrf, ...codeNodes(flow.sentTo)];
    stateMessage = M.emailWithCodeSent();
  } else {
    nodes = [...csrf, ...emailNodes(method, flow.sentTo)];
    if (flow.state === 'sent_email') stateMessage = M.emailWithLinkSent();
  }
  const inputs = nodes.filter((n): n is UiNode => n.type === 'input');
  // a refusal replaces the state's message, as Kratos clears ui.messages before adding the error
  const formMessages = [...attachMessages(inputs, ui.fields ?? []), ...(ui.form ?? [])];
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
      action: `${s.publicBaseUrl.replace(/\/+$/, '')}/self-service/verification?flow=${flow.id}`,
      method: 'POST',
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
    state: flow.state,
  };
}

import { UiNode, UiText } from '@gatehouse/contracts';
import { challengeMessages, flowView } from '../ui/flow-view';
import { UiAnchorNode, codeNodes, continueNode, emailNodes } from '../ui/verification-nodes';
import { VerificationMessages as M } from './verification.messages';
import { VerificationFlow } from './verification.state';

export interface VerificationViewSettings {
  publicBaseUrl: string;
  /** The method a flow that sent nothing yet offers. */
  use: 'code' | 'link';
  /** Where the continue link of a passed flow points. */
  continueUrl: string;
}

/** A verification flow in Kratos's verificationFlow shape; the nodes and the message follow the state. */
export function verificationFlowView(flow: VerificationFlow, s: VerificationViewSettings, csrfToken?: string) {
  const method = flow.active ?? s.use;
  let form: Array<UiNode | UiAnchorNode>;
  let csrf = csrfToken;
  let stateMessage: UiText | undefined;
  if (flow.state === 'passed_challenge') {
    // a passed flow only links on: no form, no CSRF token
    form = [continueNode(method, flow.returnTo ?? s.continueUrl)];
    csrf = undefined;
    stateMessage = M.verified();
  } else if (flow.state === 'sent_email' && method === 'code') {
    form = codeNodes(flow.sentTo);
    stateMessage = M.emailWithCodeSent();
  } else {
    form = emailNodes(method, flow.sentTo);
    if (flow.state === 'sent_email') stateMessage = M.emailWithLinkSent();
  }
  const view = flowView(flow, 'verification', s.publicBaseUrl, form, csrf, { active: flow.active, messages: challengeMessages(stateMessage) });
  return { ...view, state: flow.state };
}

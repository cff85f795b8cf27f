import { Messages as M, UiNode, UiText } from '@gatehouse/contracts';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { challengeMessages, flowView } from '../ui/flow-view';
import { UiAnchorNode, continueNode } from '../ui/verification-nodes';
import { VerificationFlow } from './verification.state';

export interface VerificationViewSettings {
  publicBaseUrl: string;
  /** The method a flow that sent nothing yet offers. */
  use: 'code' | 'link';
  /** Where the continue link of a passed flow points. */
  continueUrl: string;
  strategies: Pick<StrategyRegistry, 'nodes'>;
}

/** A verification flow in Kratos's verificationFlow shape: until it passed, the nodes of the method in use (the
 * flow's, else `use`); then the continue link. The message follows the state. */
export function verificationFlowView(flow: VerificationFlow, s: VerificationViewSettings, csrfToken?: string) {
  const method = flow.active ?? s.use;
  let form: Array<UiNode | UiAnchorNode>;
  let csrf = csrfToken;
  let stateMessage: UiText | undefined;
  if (flow.state === 'passed_challenge') {
    // a passed flow only links on: no form, no CSRF token
    form = [continueNode(method, flow.returnTo ?? s.continueUrl)];
    csrf = undefined;
    stateMessage = M.InfoSelfServiceVerificationSuccessful();
  } else {
    form = s.strategies.nodes({ kind: 'verification', flow }, method);
    if (flow.state === 'sent_email') stateMessage = method === 'code' ? M.InfoSelfServiceVerificationEmailWithCodeSent() : M.InfoSelfServiceVerificationEmailSent();
  }
  const view = flowView(flow, 'verification', s.publicBaseUrl, form, csrf, { active: flow.active, messages: challengeMessages(stateMessage) });
  return { ...view, state: flow.state };
}

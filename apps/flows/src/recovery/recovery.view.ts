import { UiNode, UiText } from '@gatehouse/contracts';
import { challengeMessages, flowView } from '../ui/flow-view';
import { codeNodes, emailNodes } from '../ui/verification-nodes';
import { RecoveryMessages as M } from './recovery.messages';
import { RecoveryFlow } from './recovery.state';

/** A recovery flow in Kratos's recoveryFlow shape (kratos:selfservice/strategy/{code,link}/strategy_recovery.go);
 * the nodes and the message follow the state. */
export function recoveryFlowView(flow: RecoveryFlow, s: { publicBaseUrl: string; use: 'code' | 'link' }, csrfToken?: string) {
  const method = flow.active ?? s.use;
  let form: UiNode[];
  let stateMessage: UiText | undefined;
  if (flow.state !== 'choose_method' && method === 'code') {
    form = codeNodes(flow.sentTo, M.labelRecoveryCode());
    if (flow.state === 'sent_email') stateMessage = M.emailWithCodeSent();
  } else {
    form = emailNodes(method, flow.sentTo);
    if (flow.state === 'sent_email') stateMessage = M.emailWithLinkSent();
  }
  const view = flowView(flow, 'recovery', s.publicBaseUrl, form, csrfToken, { active: flow.active, messages: challengeMessages(stateMessage) });
  return { ...view, state: flow.state };
}

import { Messages as M, UiText } from '@gatehouse/contracts';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { challengeMessages, flowView } from '../ui/flow-view';
import { RecoveryFlow } from './recovery.state';

/** A recovery flow in Kratos's recoveryFlow shape (kratos:selfservice/strategy/{code,link}/strategy_recovery.go):
 * the nodes of the method in use (the flow's, else `use`), and the message of its state. */
export function recoveryFlowView(flow: RecoveryFlow, s: { publicBaseUrl: string; use: 'code' | 'link'; strategies: Pick<StrategyRegistry, 'nodes'> }, csrfToken?: string) {
  const method = flow.active ?? s.use;
  const form = s.strategies.nodes({ kind: 'recovery', flow }, method);
  let stateMessage: UiText | undefined;
  if (flow.state === 'sent_email') stateMessage = method === 'code' ? M.InfoSelfServiceRecoveryEmailWithCodeSent() : M.InfoSelfServiceRecoveryEmailSent();
  const view = flowView(flow, 'recovery', s.publicBaseUrl, form, csrfToken, { active: flow.active, messages: challengeMessages(stateMessage) });
  return { ...view, state: flow.state };
}

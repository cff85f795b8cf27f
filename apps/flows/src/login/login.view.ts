import { Messages as M } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import type { LoginSubject } from '../strategies/strategy';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { flowView } from '../ui/flow-view';
import { LoginFlow } from './login.state';

/** A login flow in Kratos's loginFlow shape: the enabled strategies' nodes with what the last failed submit left on
 * them (flow.ui) and, for browser flows, the masked CSRF token first. */
export function loginFlowView(flow: LoginFlow, schema: IdentitySchema, subject: LoginSubject | undefined, strategies: Pick<StrategyRegistry, 'nodes'>, publicBaseUrl: string, csrfToken?: string) {
  // Kratos adds 1010004 to an aal2 flow and 1010003 to a refresh flow (with a session)
  const hint = flow.requestedAal === 'aal2' ? M.InfoSelfServiceLoginMFA() : flow.refresh ? M.InfoSelfServiceLoginReAuth() : undefined;
  return {
    ...flowView(flow, 'login', publicBaseUrl, strategies.nodes({ kind: 'login', flow, schema, subject }), csrfToken, { messages: (m) => (m.length > 0 || !hint ? m : [hint]) }),
    created_at: flow.issuedAt,
    updated_at: flow.issuedAt,
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    state: flow.state,
  };
}

import { IdentitySchema } from '../schema/identity-schema';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { flowView } from '../ui/flow-view';
import { LoginFlow } from './login.state';

/** A login flow in Kratos's loginFlow shape: the enabled strategies' nodes with what the last failed submit left on
 * them (flow.ui) and, for browser flows, the masked CSRF token first. */
export function loginFlowView(flow: LoginFlow, schema: IdentitySchema, strategies: Pick<StrategyRegistry, 'nodes'>, publicBaseUrl: string, csrfToken?: string) {
  return {
    ...flowView(flow, 'login', publicBaseUrl, strategies.nodes({ kind: 'login', flow, schema }), csrfToken),
    created_at: flow.issuedAt,
    updated_at: flow.issuedAt,
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    state: flow.state,
  };
}

import { IdentityView, Messages as M } from '@gatehouse/contracts';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { flowView } from '../ui/flow-view';
import { SettingsFlow } from './settings.state';

/** A settings flow in Kratos's settingsFlow shape: the enabled strategies' forms (password only so far; the profile
 * part comes later). */
export function settingsFlowView(flow: SettingsFlow, identity: IdentityView, strategies: Pick<StrategyRegistry, 'nodes'>, publicBaseUrl: string, csrfToken?: string) {
  const form = strategies.nodes({ kind: 'settings', flow, identity });
  const success = flow.state === 'success';
  const view = flowView(flow, 'settings', publicBaseUrl, form, csrfToken, { active: success ? 'password' : undefined, messages: (m) => (success ? [M.InfoSelfServiceSettingsUpdateSuccess()] : m) });
  return { ...view, identity, state: flow.state };
}

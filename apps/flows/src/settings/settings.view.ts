import { IdentityView, Messages as M } from '@gatehouse/contracts';
import type { IdentitySchema } from '../schema/identity-schema';
import type { Credentials } from '../strategies/strategy';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { flowView } from '../ui/flow-view';
import { SettingsFlow } from './settings.state';

/** What a settings flow is drawn for: its identity, that identity's credentials (each method shows what is set up)
 * and the identity's schema (the profile form). */
export interface SettingsSubjectView {
  identity: IdentityView;
  credentials: Credentials;
  schema: IdentitySchema;
}

/** A settings flow in Kratos's settingsFlow shape: every enabled method's form (profile, password, totp,
 * lookup_secret, webauthn, passkey), 1050001 after a saved change. */
export function settingsFlowView(flow: SettingsFlow, subject: SettingsSubjectView, strategies: Pick<StrategyRegistry, 'nodes'>, publicBaseUrl: string, csrfToken?: string) {
  const form = strategies.nodes({ kind: 'settings', flow, ...subject });
  const success = flow.state === 'success';
  const view = flowView(flow, 'settings', publicBaseUrl, form, csrfToken, { active: flow.active, messages: (m) => (success ? [M.InfoSelfServiceSettingsUpdateSuccess()] : m) });
  return { ...view, identity: subject.identity, state: flow.state };
}

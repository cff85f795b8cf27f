import { IdentityView } from '@gatehouse/contracts';
import { flowView } from '../ui/flow-view';
import { input } from '../ui/nodes';
import { SettingsMessages as M } from './settings.messages';
import { SettingsFlow } from './settings.state';

/** A settings flow in Kratos's settingsFlow shape with the password form only (the profile part comes later). */
export function settingsFlowView(flow: SettingsFlow, identity: IdentityView, publicBaseUrl: string, csrfToken?: string) {
  const form = [
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, M.labelPassword()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, M.labelSave()),
  ];
  const success = flow.state === 'success';
  const view = flowView(flow, 'settings', publicBaseUrl, form, csrfToken, { active: success ? 'password' : undefined, messages: (m) => (success ? [M.saved()] : m) });
  return { ...view, identity, state: flow.state };
}

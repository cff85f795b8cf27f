import { IdentityView, UiNode, UiText } from '@gatehouse/contracts';
import { attachMessages, csrfNode, input } from '../ui/nodes';
import { SettingsMessages as M } from './settings.messages';
import { SettingsFlow } from './settings.state';

export interface SettingsView {
  id: string;
  type: 'api' | 'browser';
  expires_at: string;
  issued_at: string;
  request_url: string;
  return_to?: string;
  active?: string;
  ui: { action: string; method: 'POST'; nodes: UiNode[]; messages?: UiText[] };
  identity: IdentityView;
  state: SettingsFlow['state'];
}

/** A settings flow in Kratos's settingsFlow shape with the password form only (the profile part comes later). */
export function settingsFlowView(flow: SettingsFlow, identity: IdentityView, publicBaseUrl: string, csrfToken?: string): SettingsView {
  const ui = flow.ui ?? {};
  const nodes: UiNode[] = [
    ...(csrfToken !== undefined ? [csrfNode(csrfToken)] : []),
    input('password', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }, M.labelPassword()),
    input('password', { name: 'method', type: 'submit', value: 'password' }, M.labelSave()),
  ];
  const formMessages = [...attachMessages(nodes, ui.fields ?? []), ...(ui.form ?? [])];
  const messages = flow.state === 'success' ? [M.saved()] : formMessages;
  return {
    id: flow.id,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ...(flow.state === 'success' ? { active: 'password' } : {}),
    ui: {
      action: `${publicBaseUrl.replace(/\/+$/, '')}/self-service/settings?flow=${flow.id}`,
      method: 'POST',
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
    identity,
    state: flow.state,
  };
}

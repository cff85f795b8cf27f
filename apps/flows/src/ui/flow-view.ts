import { UiNode, UiText } from '@gatehouse/contracts';
import { StoredFlow } from '../persistence/flow.repository';
import { attachMessages, csrfNode } from './nodes';

/** The fields every self-service flow shows in Kratos's JSON (id, type, times, request_url, return_to, ui),
 * with the masked CSRF token first for browser flows and what the last failed submit left on the flow. */
export function flowView(flow: StoredFlow, kind: 'login' | 'registration', publicBaseUrl: string, form: UiNode[], csrfToken?: string) {
  const ui = flow.ui ?? {};
  const nodes = [...(csrfToken !== undefined ? [csrfNode(csrfToken)] : []), ...form];
  const messages: UiText[] = [...attachMessages(nodes, ui.fields ?? []), ...(ui.form ?? [])];
  return {
    id: flow.id,
    organization_id: null,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ui: {
      action: `${publicBaseUrl.replace(/\/+$/, '')}/self-service/${kind}?flow=${flow.id}`,
      method: 'POST' as const,
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
  };
}

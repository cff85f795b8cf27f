import { IdentitySchema } from '../schema/identity-schema';
import { passwordLoginNodes } from '../ui/login-nodes';
import { attachMessages, csrfNode } from '../ui/nodes';
import { LoginFlow } from './login.state';

/** A login flow in Kratos's loginFlow shape, with what the last failed submit left on it (flow.ui) and, for
 * browser flows, the masked CSRF token first. */
export function loginFlowView(flow: LoginFlow, schema: IdentitySchema, publicBaseUrl: string, csrfToken?: string) {
  const ui = flow.ui ?? {};
  const identifier = typeof ui.values?.identifier === 'string' ? ui.values.identifier : undefined;
  const nodes = [...(csrfToken !== undefined ? [csrfNode(csrfToken)] : []), ...passwordLoginNodes(schema, identifier)];
  const messages = [...attachMessages(nodes, ui.fields ?? []), ...(ui.form ?? [])];
  return {
    id: flow.id,
    organization_id: null,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ui: {
      action: `${publicBaseUrl.replace(/\/+$/, '')}/self-service/login?flow=${flow.id}`,
      method: 'POST' as const,
      nodes,
      ...(messages.length > 0 ? { messages } : {}),
    },
    created_at: flow.issuedAt,
    updated_at: flow.issuedAt,
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    state: flow.state,
  };
}

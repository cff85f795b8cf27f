import { UiText } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { FieldError } from '../schema/traits-validator';
import { passwordLoginNodes } from '../ui/login-nodes';
import { attachMessages } from '../ui/nodes';
import { LoginFlow } from './login.state';

/** A login flow in Kratos's loginFlow shape. */
export function loginFlowView(flow: LoginFlow, schema: IdentitySchema, publicBaseUrl: string, identifier?: string, errors: { fields?: FieldError[]; form?: UiText[] } = {}) {
  const nodes = passwordLoginNodes(schema, identifier);
  const messages = [...attachMessages(nodes, errors.fields ?? []), ...(errors.form ?? [])];
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

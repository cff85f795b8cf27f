import { IdentitySchema } from '../schema/identity-schema';
import { passwordLoginNodes } from '../ui/login-nodes';
import { flowView } from '../ui/flow-view';
import { LoginFlow } from './login.state';

/** A login flow in Kratos's loginFlow shape, with what the last failed submit left on it (flow.ui) and, for
 * browser flows, the masked CSRF token first. */
export function loginFlowView(flow: LoginFlow, schema: IdentitySchema, publicBaseUrl: string, csrfToken?: string) {
  const values = flow.ui?.values;
  const identifier = typeof values?.identifier === 'string' ? values.identifier : undefined;
  return {
    ...flowView(flow, 'login', publicBaseUrl, passwordLoginNodes(schema, identifier), csrfToken),
    created_at: flow.issuedAt,
    updated_at: flow.issuedAt,
    refresh: flow.refresh,
    requested_aal: flow.requestedAal,
    state: flow.state,
  };
}

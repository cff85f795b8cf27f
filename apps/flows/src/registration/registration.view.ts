import { IdentityRegistered, IdentityView, RegistrationFlowView, UiNode, schemaUrl } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { flowView } from '../ui/flow-view';
import type { StrategyRegistry } from '../strategies/strategy.registry';
import { credentialsStepNodes, passwordRegistrationNodes, profileStepNodes } from '../ui/registration-nodes';
import { RegistrationFlow } from './registration.state';

/** Renders a registration flow in Kratos's JSON shape, with what the last failed submit left on it (flow.ui)
 * and, for browser flows, the masked CSRF token first: the traits, then the enabled strategies' nodes (profile_first:
 * the traits alone on the profile step). */
export function registrationFlowView(
  flow: RegistrationFlow,
  schema: IdentitySchema,
  strategies: Pick<StrategyRegistry, 'nodes'>,
  publicBaseUrl: string,
  csrfToken?: string,
  style: 'unified' | 'profile_first' = 'unified',
): RegistrationFlowView {
  const values = flow.ui?.values?.traits;
  const traits = values && typeof values === 'object' ? (values as Record<string, unknown>) : {};
  const methods = () => byGroup(strategies.nodes({ kind: 'registration', flow, schema }));
  const form =
    style === 'unified'
      ? passwordRegistrationNodes(schema, traits, methods())
      : flow.step === 'credentials'
        ? credentialsStepNodes(schema, traits, methods())
        : profileStepNodes(schema, traits);
  return { ...flowView(flow, 'registration', publicBaseUrl, form, csrfToken), state: flow.state };
}

/** Kratos's registration order of the method groups (selfservice/flow/registration/sort.go); stable within a group. */
const GROUP_ORDER = ['oidc', 'saml', 'default', 'webauthn', 'passkey', 'code', 'password', 'captcha', 'profile'];

function byGroup(all: UiNode[]): UiNode[] {
  // one webauthn.js script when both the webauthn and the passkey method show theirs (Kratos upserts it by id)
  const scripts = new Set<unknown>();
  const nodes = all.filter((n) => {
    // the contracts' UiNode names input nodes only; script nodes travel through it cast
    if ((n as { type: string }).type !== 'script') return true;
    const id = (n.attributes as { id?: unknown }).id;
    if (scripts.has(id)) return false;
    scripts.add(id);
    return true;
  });
  const rank = (n: UiNode) => {
    const i = GROUP_ORDER.indexOf(n.group);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return nodes.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i).map((x) => x.n);
}

/** The identity as Kratos returns it right after registration (public view: no credentials or admin metadata). */
export function registeredIdentityView(data: IdentityRegistered.V1.Data, occurredAt: string, publicBaseUrl: string): IdentityView {
  return {
    id: data.identity_id,
    schema_id: data.schema_id,
    schema_url: schemaUrl(publicBaseUrl, data.schema_id),
    state: data.state,
    state_changed_at: occurredAt,
    traits: data.traits,
    verifiable_addresses: data.verifiable_addresses.map((a) => ({
      id: a.id,
      value: a.value,
      verified: false,
      via: a.via,
      status: data.verification?.address_id === a.id ? 'sent' : 'pending',
      created_at: occurredAt,
      updated_at: occurredAt,
    })),
    recovery_addresses: data.recovery_addresses.map((a) => ({ id: a.id, value: a.value, via: a.via, created_at: occurredAt, updated_at: occurredAt })),
    metadata_public: null,
    created_at: occurredAt,
    updated_at: occurredAt,
    organization_id: null,
  };
}

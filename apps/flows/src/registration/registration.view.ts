import { IdentityRegistered, IdentityView, RegistrationFlowView, schemaUrl } from '@gatehouse/contracts';
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
  const methods = () => strategies.nodes({ kind: 'registration', flow, schema });
  const form =
    style === 'unified'
      ? passwordRegistrationNodes(schema, traits, methods())
      : flow.step === 'credentials'
        ? credentialsStepNodes(schema, traits, methods())
        : profileStepNodes(schema, traits);
  return { ...flowView(flow, 'registration', publicBaseUrl, form, csrfToken), state: flow.state };
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

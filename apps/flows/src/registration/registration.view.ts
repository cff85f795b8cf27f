import { IdentityRegistered, IdentityView, RegistrationFlowView, UiText, schemaUrl } from '@gatehouse/contracts';
import { IdentitySchema } from '../schema/identity-schema';
import { attachMessages } from '../ui/nodes';
import { passwordRegistrationNodes } from '../ui/registration-nodes';
import { RegistrationFlow } from './registration.state';

export interface FlowErrors {
  fields?: ReadonlyArray<{ node?: string; message: UiText }>;
  form?: UiText[];
}

/** Renders a registration flow in Kratos's JSON shape, with the submitted values and messages when given. */
export function registrationFlowView(
  flow: RegistrationFlow,
  schema: IdentitySchema,
  publicBaseUrl: string,
  submitted: { traits?: Record<string, unknown> } = {},
  errors: FlowErrors = {},
): RegistrationFlowView {
  const nodes = passwordRegistrationNodes(schema, submitted.traits);
  const formMessages = [...attachMessages(nodes, errors.fields ?? []), ...(errors.form ?? [])];
  const view: RegistrationFlowView = {
    id: flow.id,
    organization_id: null,
    type: flow.type,
    expires_at: flow.expiresAt,
    issued_at: flow.issuedAt,
    request_url: flow.requestUrl,
    ...(flow.returnTo ? { return_to: flow.returnTo } : {}),
    ui: {
      action: `${publicBaseUrl.replace(/\/+$/, '')}/self-service/registration?flow=${flow.id}`,
      method: 'POST',
      nodes,
      ...(formMessages.length > 0 ? { messages: formMessages } : {}),
    },
    state: flow.state,
  };
  return view;
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

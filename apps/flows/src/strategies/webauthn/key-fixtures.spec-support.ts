import type { IdentityView, UiNode } from '@gatehouse/contracts';
import type { FlowsConfig } from '../../config.schema';
import type { LoginFlow } from '../../login/login.state';
import type { IdentitySchema } from '../../schema/identity-schema';
import type { SettingsFlow } from '../../settings/settings.state';
import type { Credentials, SettingsContext } from '../strategy';

/** Fixed inputs for the webauthn and passkey strategy specs. */

export const BASE_URL = 'https://auth.example.test/';
export const ORIGIN = 'https://auth.example.test';
export const NOW = new Date('2026-03-01T10:00:00.400Z');
export const IDENTITY_ID = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';
export const SESSION_ID = '0b4c3a59-1f27-4d7e-8b36-5a0c2e9d7f10';
export const FLOW_ID = '9d2e8f4a-6b1c-4e3d-a5f7-2c8b0e6d4a19';
export const OTHER_FLOW_ID = '1a7c5e3b-9d2f-4b6a-8e0c-7f3d1b5a9c24';

export const rpConfig = (over: Partial<FlowsConfig['selfservice']['methods']['webauthn']['config']['rp']> = {}) => ({ display_name: 'Gatehouse', ...over });

/** The email is the webauthn identifier and names passkeys. */
export const KEY_SCHEMA: IdentitySchema = {
  id: 'keys',
  schema: {
    type: 'object',
    properties: {
      traits: {
        type: 'object',
        properties: {
          email: {
            type: 'string',
            format: 'email',
            title: 'E-Mail',
            'ory.sh/kratos': { credentials: { password: { identifier: true }, webauthn: { identifier: true }, passkey: { display_name: true } } } as never,
          },
        },
      },
    },
  },
};

/** A schema that marks no trait for webauthn or passkeys. */
export const PLAIN_SCHEMA: IdentitySchema = {
  id: 'plain',
  schema: { type: 'object', properties: { traits: { type: 'object', properties: { email: { type: 'string', 'ory.sh/kratos': { credentials: { password: { identifier: true } } } } } } } },
};

export function identity(traits: Record<string, unknown> = { email: 'Ada@Example.test' }): IdentityView {
  return {
    id: IDENTITY_ID,
    schema_id: 'keys',
    schema_url: `${BASE_URL}schemas/a2V5cw`,
    state: 'active',
    state_changed_at: NOW.toISOString(),
    traits,
    verifiable_addresses: [],
    recovery_addresses: [],
    metadata_public: null,
    created_at: NOW.toISOString(),
    updated_at: NOW.toISOString(),
    organization_id: null,
  };
}

const stored = { issuedAt: NOW.toISOString(), expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(), requestUrl: `${BASE_URL}self-service/x`, schemaId: 'keys' };

export function settingsFlow(over: Partial<SettingsFlow> = {}): SettingsFlow {
  return { id: FLOW_ID, type: 'browser', state: 'show_form', identityId: IDENTITY_ID, ...stored, ...over };
}

export function loginFlow(over: Partial<LoginFlow> = {}): LoginFlow {
  return { id: FLOW_ID, type: 'browser', state: 'choose_method', refresh: false, requestedAal: 'aal1', ...stored, ...over };
}

export const PASSWORD: Credentials = { password: { identifiers: ['ada@example.test'], config: { hashed_password: '$argon2id$x' } } };

export function settingsContext(flow: SettingsFlow, credentials: Credentials, schema: IdentitySchema = KEY_SCHEMA): SettingsContext {
  return { flow, identity: identity(), credentials, schema, sessionId: SESSION_ID, now: NOW };
}

/** The nodes with their random parts fixed (a script node's nonce), for snapshots. */
export function stable(nodes: UiNode[]): unknown[] {
  return nodes.map((n) => {
    const a = n.attributes as unknown as Record<string, unknown>;
    return a.nonce === undefined ? n : { ...n, attributes: { ...a, nonce: '<nonce>' } };
  });
}

/** The options as the nodes carry them. */
export interface NodeOptions {
  publicKey: {
    challenge: string;
    rp?: { id: string; name: string };
    rpId?: string;
    user: { id: string; name: string; displayName: string };
    allowCredentials?: Array<{ id: string }>;
    excludeCredentials?: Array<{ id: string }>;
    authenticatorSelection?: Record<string, unknown>;
    userVerification?: string;
  };
}

/** The options JSON a node carries, parsed. */
export function optionsOf(nodes: UiNode[], name: string): NodeOptions {
  const node = nodes.find((n) => n.attributes.name === name);
  return JSON.parse(String(node?.attributes.value)) as NodeOptions;
}

/** A prepared state with its random parts (challenge, a passkey's user handle) fixed, for snapshots. */
export function fixedState<S>(state: S): S {
  const s = JSON.parse(JSON.stringify(state)) as { challenge: string; user_handle?: string; options: NodeOptions };
  s.challenge = 'Zml4ZWQtY2hhbGxlbmdl';
  s.options.publicKey.challenge = s.challenge;
  if (s.user_handle !== undefined && s.options.publicKey.user) s.options.publicKey.user.id = s.user_handle = 'Zml4ZWQtaGFuZGxl';
  return s as S;
}

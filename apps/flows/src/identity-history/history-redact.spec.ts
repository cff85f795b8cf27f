import { EVENT_CONTRACTS, sealCode } from '@gatehouse/contracts';
import { historyActor, redactEventData } from './history-redact';

const ID = '5f1d2c3b-0000-4000-8000-000000000001';
const OTHER = '5f1d2c3b-0000-4000-8000-000000000002';
const AT = '2026-11-29T10:00:00.000Z';
const CIPHER = ['k'.repeat(32)];
const SEALED_CODE = sealCode('123456', CIPHER);
const SEALED_TOKEN = sealCode('a-link-token-value', CIPHER);
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const SESSION_TOKEN = 'ory_st_abcdefghijklmnopqrstuvwxyz012345';
/** Secrets planted where a contract allows free-form JSON (traits, metadata): they must not survive either. */
const PLANTED = { password: 'hunter2 plaintext', api_token: 'tok-123', nested: { hashed_password: HASH, other: SESSION_TOKEN, list: ['ok', HASH] }, bcrypt: '$2b$10$abcdefghijklmnopqrstuu0123456789012345678901234567890', ldap: '{SSHA256}c2VjcmV0' };
const ADMIN = { type: 'admin', id: 'ops@example.com' };
const address = { id: OTHER, value: 'ada@example.com', via: 'email' };
const snapshot = {
  identity_id: ID,
  schema_id: 'default',
  traits: { email: 'ada@example.com', postal_code: '10115', footprint: 'small', ...PLANTED },
  metadata_public: PLANTED,
  metadata_admin: { note: 'vip', ...PLANTED },
  verifiable_addresses: [{ ...address, verified: false, status: 'pending', verified_at: null }],
  recovery_addresses: [address],
  credentials: { password: { identifiers: ['ada@example.com'], version: 0 } },
};
const challenge = { flow_id: OTHER, identity_id: ID, address_id: OTHER, address: 'ada@example.com', via: 'email', expires_at: AT };

/** Example data for every event contract, by name and version. */
const EXAMPLES: Record<string, unknown[]> = {
  'IdentityRegistered.v1': [
    {
      identity_id: ID,
      flow_id: OTHER,
      schema_id: 'default',
      state: 'active',
      traits: { email: 'ada@example.com', ...PLANTED },
      verifiable_addresses: [address],
      recovery_addresses: [address],
      credentials: { password: { identifiers: ['ada@example.com'] } },
      verification: { flow_id: OTHER, address_id: OTHER, address: 'ada@example.com', via: 'email', sealed_code: SEALED_CODE, expires_at: AT },
    },
  ],
  'SessionIssued.v1': [
    { session_id: OTHER, identity_id: ID, reason: 'login', authenticator_assurance_level: 'aal1', authentication_methods: [{ method: 'password', aal: 'aal1', completed_at: AT }], issued_at: AT, authenticated_at: AT, expires_at: AT },
  ],
  'SessionRevoked.v1': [{ session_id: OTHER, identity_id: ID, reason: 'logout', revoked_at: AT }],
  'LoginSucceeded.v1': [{ flow_id: OTHER, identity_id: ID, session_id: OTHER, method: 'password', refresh: false }],
  'LoginFailed.v1': [{ flow_id: OTHER, identity_id: ID, method: 'password', reason: 'invalid_credentials' }],
  'VerificationRequested.v1': [
    { ...challenge, method: 'code', sealed_code: SEALED_CODE },
    { ...challenge, method: 'link', sealed_token: SEALED_TOKEN },
  ],
  'AddressVerified.v1': [{ identity_id: ID, address_id: OTHER, address: 'ada@example.com', via: 'email', flow_id: OTHER, method: 'code', verified_at: AT }],
  'RecoveryRequested.v1': [
    { ...challenge, method: 'code', sealed_code: SEALED_CODE },
    { ...challenge, method: 'link', sealed_token: SEALED_TOKEN },
  ],
  'RecoverySucceeded.v1': [{ flow_id: OTHER, identity_id: ID, method: 'code', address: 'ada@example.com', session_id: OTHER, settings_flow_id: OTHER, recovered_at: AT }],
  'PasswordChanged.v1': [{ identity_id: ID, flow_id: OTHER, session_id: OTHER, changed_at: AT }],
  'PasswordHashUpgraded.v1': [{ identity_id: ID, flow_id: OTHER, upgraded_at: AT }],
  'IdentityCreated.v1': [{ ...snapshot, state: 'active', actor: ADMIN, external_id: 'crm-1', import_id: OTHER }],
  'IdentityUpdated.v1': [{ ...snapshot, changed: ['traits', 'credentials.password'], actor: ADMIN }],
  'IdentityStateChanged.v1': [{ identity_id: ID, state: 'inactive', previous_state: 'active', actor: ADMIN }],
  'IdentityDeleted.v1': [{ identity_id: ID, actor: { type: 'admin' } }],
  'CredentialsRemoved.v1': [{ identity_id: ID, type: 'oidc', identifiers: ['github:1'], remaining_identifiers: ['google:1'], actor: ADMIN }],
  'IdentitiesImported.v1': [{ import_id: OTHER, identity_ids: [ID], failed: 1, actor: ADMIN }],
  'TraitsChanged.v1': [
    {
      identity_id: ID,
      flow_id: OTHER,
      session_id: OTHER,
      schema_id: 'default',
      traits: snapshot.traits,
      verifiable_addresses: snapshot.verifiable_addresses,
      recovery_addresses: [address],
      identifiers: { password: ['ada@example.com'] },
      changed_at: AT,
    },
  ],
  'FactorAdded.v1': [
    { identity_id: ID, type: 'totp', flow_id: OTHER, session_id: OTHER, identifiers: [ID], added_at: AT },
    { identity_id: ID, type: 'webauthn', flow_id: OTHER, session_id: OTHER, identifiers: [ID], key: { id: 'a2V5LWlk', display_name: 'YubiKey' }, added_at: AT },
  ],
  'FactorRemoved.v1': [{ identity_id: ID, type: 'lookup_secret', flow_id: OTHER, session_id: OTHER, remaining_identifiers: [], removed_at: AT }],
  'FactorUsed.v1': [{ identity_id: ID, type: 'lookup_secret', flow_id: OTHER, remaining_codes: 11, used_at: AT }],
  'SessionAalRaised.v1': [
    {
      session_id: OTHER,
      identity_id: ID,
      method: 'totp',
      previous_aal: 'aal1',
      authenticator_assurance_level: 'aal2',
      authentication_methods: [
        { method: 'password', aal: 'aal1', completed_at: AT },
        { method: 'totp', aal: 'aal2', completed_at: AT },
      ],
      issued_at: AT,
      authenticated_at: AT,
      expires_at: AT,
    },
  ],
  'SecurityNoticeRequested.v1': [{ identity_id: ID, notice: 'factor_added', factor: 'totp', to: [{ address: 'ada@example.com', via: 'email' }], requested_at: AT }],
};

const SECRET_KEYS = /password|hash|token|sealed|digest|secret|cipher|^code$|config/i;
const SECRET_VALUES = [/^\$argon2/, /^\$2[aby]\$/, /^\{SSHA/, /^ory_st_/, /^v1\.\d+\./, /hunter2/, /^tok-/];

/** Every key and string value anywhere in a JSON value; the keys of `credentials` are credential types
 * (`password` there holds identifiers only), not data. */
function walk(value: unknown, out: { keys: string[]; strings: string[] } = { keys: [], strings: [] }, parent?: string) {
  if (typeof value === 'string') out.strings.push(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (parent !== 'credentials') out.keys.push(k);
      walk(v, out, k);
    }
  }
  return out;
}

describe('history redaction', () => {
  it('has example data for every event contract, each valid against its schema', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(EVENT_CONTRACTS.map((c) => `${c.name}.v${c.version}`).sort());
    for (const contract of EVENT_CONTRACTS) {
      for (const data of EXAMPLES[`${contract.name}.v${contract.version}`]!) expect(() => contract.schema.parse(data)).not.toThrow();
    }
  });

  it('leaves nothing secret-looking in any contract\'s data (keys or values), and keeps the rest', () => {
    for (const [name, examples] of Object.entries(EXAMPLES)) {
      for (const data of examples) {
        const redacted = redactEventData(data);
        const { keys, strings } = walk(redacted);
        expect([name, keys.filter((k) => SECRET_KEYS.test(k))]).toEqual([name, []]);
        expect([name, strings.filter((s) => SECRET_VALUES.some((re) => re.test(s)))]).toEqual([name, []]);
        expect([name, JSON.stringify(redacted)]).not.toEqual([name, expect.stringContaining('123456')]);
        expect((redacted as { identity_id?: string }).identity_id ?? ID).toBe(ID);
      }
    }
    const created = redactEventData(EXAMPLES['IdentityCreated.v1']![0]) as Record<string, any>;
    expect(created.credentials).toEqual({ password: { identifiers: ['ada@example.com'], version: 0 } });
    // whole words decide: a postal code or a footprint is data, not a secret
    expect(created.traits).toEqual({ email: 'ada@example.com', postal_code: '10115', footprint: 'small', nested: { list: ['ok'] } });
    expect(created.verifiable_addresses).toEqual(snapshot.verifiable_addresses);
    const registered = redactEventData(EXAMPLES['IdentityRegistered.v1']![0]) as Record<string, any>;
    expect(registered.verification).toEqual({ flow_id: OTHER, address_id: OTHER, address: 'ada@example.com', via: 'email', expires_at: AT });
  });

  it('names the admin actor of admin events, and the identity itself for self-service ones', () => {
    expect(historyActor(EXAMPLES['IdentityStateChanged.v1']![0], ID)).toEqual(ADMIN);
    expect(historyActor(EXAMPLES['SessionIssued.v1']![0], ID)).toEqual({ type: 'identity', id: ID });
    expect(historyActor({ actor: { type: 'nobody' } }, ID)).toEqual({ type: 'identity', id: ID });
  });
});

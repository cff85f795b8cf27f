import { createHash } from 'node:crypto';
import type { IdentityView } from '@gatehouse/contracts';
import { FlowSecrets } from '../../flow/flow-secrets';
import { lookupCodeDigest, LookupSecretConfig } from '../../identity/credential-configs';
import type { LoginFlow } from '../../login/login.state';
import { DEFAULT_SCHEMA } from '../../schema/identity-schema';
import type { SettingsFlow } from '../../settings/settings.state';
import type { Credentials, NodeTarget, SettingsContext } from '../strategy';
import { LookupSecretStrategy } from './lookup-secret.strategy';

const IDENTITY = '5b2c9a61-8d0e-4c7a-9f3e-1a2b3c4d5e6f';
const SESSION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = new Date('2026-12-01T10:00:00.000Z');
const secrets = new FlowSecrets(['a test cipher secret']);
const IDENTITY_VIEW = { id: IDENTITY, schema_id: 'default', traits: { email: 'ada@example.com' } } as unknown as IdentityView;

/** A fixed stream of bytes (sha256 of a counter), so the codes are the same on every run. */
function fixedRandom() {
  let counter = 0;
  return (n: number) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i += 32) createHash('sha256').update(String(counter++)).digest().copy(out, i);
    return out;
  };
}

const strategy = () => new LookupSecretStrategy({ secrets, random: fixedRandom() });

function settingsFlow(internal?: Record<string, unknown>): SettingsFlow {
  const base = { id: '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6', type: 'browser' as const, schemaId: 'default', issuedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), requestUrl: 'https://id.example.com/self-service/settings/browser' };
  return { ...base, state: 'show_form', identityId: IDENTITY, ...(internal ? { internal } : {}) };
}

function loginFlow(requestedAal: 'aal1' | 'aal2'): LoginFlow {
  return { id: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9', type: 'browser', schemaId: 'default', issuedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), requestUrl: 'https://id.example.com/self-service/login/browser', state: 'choose_method', refresh: false, requestedAal };
}

const SALT = 'c2FsdHNhbHRzYWx0c2FsdA';
const PLAIN = Array.from({ length: 12 }, (_, i) => `key-${i}`);
const STORED: LookupSecretConfig = {
  salt: SALT,
  codes: PLAIN.map((c, i) => ({ digest: lookupCodeDigest(SALT, c), ...(i % 3 === 1 ? { used_at: `2021-08-17T11:32:${39 + i}.000Z` } : {}) })),
};
const WITH_CODES: Credentials = { lookup_secret: { identifiers: [IDENTITY], config: { ...STORED } } };

const settings = (flow: SettingsFlow, credentials: Credentials = {}): NodeTarget => ({ kind: 'settings', flow, identity: IDENTITY_VIEW, credentials, schema: DEFAULT_SCHEMA });
const context = (flow: SettingsFlow, credentials: Credentials = {}): SettingsContext => ({ flow, identity: IDENTITY_VIEW, credentials, schema: DEFAULT_SCHEMA, sessionId: SESSION, now: NOW });

describe('LookupSecretStrategy', () => {
  it('owns the lookup_secret credential and serves settings and the second factor', () => {
    const s = strategy();
    expect([s.id, s.credentialType, Object.keys(s.submit).sort()]).toEqual(['lookup_secret', 'lookup_secret', ['secondFactor', 'settings']]);
    expect(s.nodes({ kind: 'recovery', flow: {} as never })).toEqual([]);
  });

  it('settings without codes: generate them (button_for_regeneration_is_displayed)', () => {
    expect(strategy().nodes(settings(settingsFlow()))).toMatchSnapshot();
  });

  it('settings with codes: reveal and disable (hide_recovery_codes_behind_reveal_button_and_show_disable_button)', () => {
    expect(strategy().nodes(settings(settingsFlow(), WITH_CODES))).toMatchSnapshot();
  });

  it('regenerate: the codes sealed in the flow, then shown with confirm (regenerate_but_no_confirmation)', async () => {
    const s = strategy();
    const result = await s.submit.settings({ lookup_secret_regenerate: 'true' }, context(settingsFlow(), WITH_CODES));
    expect(result).toEqual({ internal: { sealed: expect.any(String) } });
    const codes = JSON.parse(secrets.open(settingsFlow().id, (result.internal as { sealed: string }).sealed) ?? 'null') as string[];
    expect(codes).toHaveLength(12);
    const nodes = s.nodes(settings(settingsFlow({ lookup_secret: result.internal }), WITH_CODES));
    expect(nodes).toMatchSnapshot();
    expect(JSON.stringify(nodes)).toContain(codes[0]);
  });

  it('confirm: the shown codes become the credential (digests with a fresh salt) and log in once each', async () => {
    const s = strategy();
    const regenerated = await s.submit.settings({ lookup_secret_regenerate: 'true' }, context(settingsFlow()));
    const flow = settingsFlow({ lookup_secret: regenerated.internal });
    const codes = JSON.parse(secrets.open(flow.id, (regenerated.internal as { sealed: string }).sealed) ?? 'null') as string[];
    const confirmed = await s.submit.settings({ lookup_secret_confirm: 'true' }, context(flow));
    expect(confirmed.internal).toBeNull();
    expect(confirmed.change?.events.map((e) => e.type)).toEqual(['FactorAdded']);
    const config = confirmed.change?.configs?.lookup_secret as unknown as LookupSecretConfig;
    expect(config.codes).toEqual(codes.map((c) => ({ digest: lookupCodeDigest(config.salt, c) })));
    expect(JSON.stringify(confirmed)).not.toContain(codes[0]);

    const read = s.submit.secondFactor({ method: 'lookup_secret', lookup_secret: codes[4] }, loginFlow('aal2'));
    if (!('accepted' in read)) throw new Error('expected an accepted code');
    const credentials: Credentials = { lookup_secret: { identifiers: [IDENTITY], config: { ...config } } };
    const used = await read.accepted.verify(credentials, { flow: loginFlow('aal2'), identityId: IDENTITY, now: NOW });
    expect(used).toMatchObject({ used: { events: [{ type: 'FactorUsed', data: { type: 'lookup_secret', remaining_codes: 11, flow_id: loginFlow('aal2').id } }] } });
  });

  it('reveal: the stored codes as their states (digests only: unused codes masked), then disable and regenerate', async () => {
    const s = strategy();
    const revealed = await s.submit.settings({ lookup_secret_reveal: 'true' }, context(settingsFlow(), WITH_CODES));
    expect(revealed).toEqual({ internal: { revealed: true } });
    const nodes = s.nodes(settings(settingsFlow({ lookup_secret: revealed.internal }), WITH_CODES));
    expect(nodes).toMatchSnapshot();
    expect(JSON.stringify(nodes)).not.toContain('key-');
    // disabled codes show the regenerate button again, whatever the flow remembered
    expect(s.nodes(settings(settingsFlow({ lookup_secret: revealed.internal })))).toEqual(s.nodes(settings(settingsFlow())));
  });

  it('codes sealed for another flow are not pending here', () => {
    const s = strategy();
    const elsewhere = secrets.seal('00000000-0000-4000-8000-000000000000', JSON.stringify(PLAIN));
    expect(s.nodes(settings(settingsFlow({ lookup_secret: { sealed: elsewhere } })))).toEqual(s.nodes(settings(settingsFlow())));
  });

  it('an aal2 login of an identity with codes: the code and "Use backup recovery code"; nothing otherwise', () => {
    const s = strategy();
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: WITH_CODES } })).toMatchSnapshot();
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal1'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: WITH_CODES } })).toEqual([]);
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: {} } })).toEqual([]);
  });

  it('second factor: lookup_secret is required; a used code is refused', async () => {
    const s = strategy();
    expect(s.submit.secondFactor({ method: 'lookup_secret' }, loginFlow('aal2'))).toEqual({ fields: [{ node: 'lookup_secret', message: expect.objectContaining({ id: 4000002 }) }] });
    const read = s.submit.secondFactor({ method: 'lookup_secret', lookup_secret: 'key-1' }, loginFlow('aal2'));
    if (!('accepted' in read)) throw new Error('expected an accepted code');
    expect(await read.accepted.verify(WITH_CODES, { flow: loginFlow('aal2'), identityId: IDENTITY, now: NOW })).toEqual({
      refused: [{ node: 'lookup_secret', message: expect.objectContaining({ id: 4000012 }) }],
    });
  });
});

import type { IdentityView, UiNode } from '@gatehouse/contracts';
import { FlowSecrets } from '../../flow/flow-secrets';
import type { LoginFlow } from '../../login/login.state';
import { DEFAULT_SCHEMA, IdentitySchema } from '../../schema/identity-schema';
import type { SettingsFlow } from '../../settings/settings.state';
import type { Credentials, NodeTarget, SettingsContext } from '../strategy';
import { base32Decode, totp } from './hotp';
import { TotpStrategy } from './totp.strategy';

const IDENTITY = '5b2c9a61-8d0e-4c7a-9f3e-1a2b3c4d5e6f';
const SESSION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = new Date('2026-12-01T10:00:00.000Z');
const SEED = Buffer.from('0123456789abcdefghij');
const secrets = new FlowSecrets(['a test cipher secret']);

const SCHEMA: IdentitySchema = {
  id: 'totp',
  schema: {
    properties: {
      traits: { type: 'object', properties: { email: { type: 'string', format: 'email', 'ory.sh/kratos': { credentials: { totp: { account_name: true } } as never } } } },
    },
  },
};
const IDENTITY_VIEW = { id: IDENTITY, schema_id: 'totp', traits: { email: 'ada@example.com' } } as unknown as IdentityView;

function strategy(issuer?: string) {
  return new TotpStrategy({ issuer, publicBaseUrl: 'https://id.example.com:4433/', secrets, random: (n) => SEED.subarray(0, n) });
}

function settingsFlow(internal?: Record<string, unknown>, id = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6'): SettingsFlow {
  const base = { id, type: 'browser' as const, schemaId: 'totp', issuedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), requestUrl: 'https://id.example.com/self-service/settings/browser' };
  return { ...base, state: 'show_form', identityId: IDENTITY, ...(internal ? { internal } : {}) };
}

function loginFlow(requestedAal: 'aal1' | 'aal2'): LoginFlow {
  return { id: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9', type: 'browser', schemaId: 'default', issuedAt: NOW.toISOString(), expiresAt: NOW.toISOString(), requestUrl: 'https://id.example.com/self-service/login/browser', state: 'choose_method', refresh: false, requestedAal };
}

const settings = (flow: SettingsFlow, credentials: Credentials = {}): NodeTarget & { kind: 'settings' } => ({ kind: 'settings', flow, identity: IDENTITY_VIEW, credentials, schema: SCHEMA });

/** A settings flow after prepare(): its internal state holds the sealed seed. */
async function prepared(s = strategy()) {
  const flow = settingsFlow();
  const internal = await s.prepare(settings(flow));
  return { s, flow: { ...flow, internal: { totp: internal } } };
}

/** The PNG's size from its IHDR chunk; the snapshot names it instead of the bytes. */
function withoutPng(nodes: UiNode[]) {
  return nodes.map((n) => {
    const a = n.attributes as unknown as Record<string, unknown>;
    if (typeof a.src !== 'string') return n;
    const png = Buffer.from(a.src.replace(/^data:image\/png;base64,/, ''), 'base64');
    return { ...n, attributes: { ...a, src: `<png ${png.readUInt32BE(16)}x${png.readUInt32BE(20)}>` } };
  });
}

const LINKED: Credentials = { totp: { identifiers: [IDENTITY], config: { totp_url: 'otpauth://totp/id.example.com:ada@example.com?secret=GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LK&algorithm=SHA1&digits=6&issuer=id.example.com&period=30' } } };

describe('TotpStrategy', () => {
  it('owns the totp credential and serves settings and the second factor', () => {
    const s = strategy();
    expect([s.id, s.credentialType, Object.keys(s.submit).sort()]).toEqual(['totp', 'totp', ['secondFactor', 'settings']]);
  });

  it('prepares a sealed 160-bit seed for a settings flow without totp, naming the account and the issuer as Kratos', async () => {
    const { flow } = await prepared();
    const sealed = (flow.internal.totp as { sealed: string }).sealed;
    expect(sealed).not.toContain('GAYTEMZU');
    const pending = JSON.parse(secrets.open(flow.id, sealed) ?? 'null');
    expect(pending).toEqual({
      secret: 'GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LK',
      url: 'otpauth://totp/id.example.com:ada@example.com?secret=GAYTEMZUGU3DOOBZMFRGGZDFMZTWQ2LK&algorithm=SHA1&digits=6&issuer=id.example.com&period=30',
      qr: expect.stringMatching(/^data:image\/png;base64,/),
    });
    expect(base32Decode(pending.secret)).toEqual(SEED);
    const custom = await strategy('Gatehouse').prepare(settings(settingsFlow()));
    expect(JSON.parse(secrets.open(settingsFlow().id, custom?.sealed ?? '') ?? 'null').url).toContain('otpauth://totp/Gatehouse:ada@example.com?');
  });

  it('prepares nothing when the identity has totp, the flow shows a seed already, or for other flows; again when the seed does not open', async () => {
    const { s, flow } = await prepared();
    expect(await s.prepare(settings(flow))).toBeUndefined();
    expect(await s.prepare(settings(settingsFlow(), LINKED))).toBeUndefined();
    expect(await s.prepare({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA })).toBeUndefined();
    // sealed for another flow: not this flow's seed
    expect(await s.prepare(settings({ ...flow, id: '00000000-0000-4000-8000-000000000000' }))).toEqual({ sealed: expect.any(String) });
  });

  it('settings without totp: the QR code, the secret, the code and Save (Kratos snapshot device_setup_is_available)', async () => {
    const { s, flow } = await prepared();
    expect(withoutPng(s.nodes(settings(flow)))).toMatchSnapshot();
    expect(s.nodes(settings(settingsFlow()))).toEqual([]);
  });

  it('settings with totp: the unlink button (device_unlinking_is_available)', () => {
    expect(strategy().nodes(settings(settingsFlow(), LINKED))).toMatchSnapshot();
  });

  it('an aal2 login of an identity with totp: the code and "Use Authenticator"; nothing at aal1 or without totp', () => {
    const s = strategy();
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: LINKED } })).toMatchSnapshot();
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal1'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: LINKED } })).toEqual([]);
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA, subject: { id: IDENTITY, credentials: {} } })).toEqual([]);
    expect(s.nodes({ kind: 'login', flow: loginFlow('aal2'), schema: DEFAULT_SCHEMA })).toEqual([]);
    expect(s.nodes({ kind: 'registration', flow: {} as never, schema: DEFAULT_SCHEMA })).toEqual([]);
  });

  it('settings submit: a code of the shown seed links it; the flow state is cleared', async () => {
    const { s, flow } = await prepared();
    const ctx: SettingsContext = { flow, identity: IDENTITY_VIEW, credentials: {}, schema: SCHEMA, sessionId: SESSION, now: NOW };
    const result = await s.submit.settings({ method: 'totp', totp_code: totp(SEED, NOW) }, ctx);
    expect(result.change?.events.map((e) => e.type)).toEqual(['FactorAdded']);
    expect(result.change?.configs?.totp).toEqual({ totp_url: LINKED.totp?.config.totp_url, last_step: Math.floor(NOW.getTime() / 30_000) });
    expect(result.internal).toBeNull();
    expect(await s.submit.settings({ method: 'totp', totp_code: '000000' }, ctx)).toMatchObject({ fields: [{ node: 'totp_code' }] });
  });

  it('settings submit without a seed that opens: refused on the form, with a new seed to scan', async () => {
    const s = strategy();
    const flow = settingsFlow({ totp: { sealed: 'not-sealed-for-this-flow' } });
    const result = await s.submit.settings({ method: 'totp', totp_code: totp(SEED, NOW) }, { flow, identity: IDENTITY_VIEW, credentials: {}, schema: SCHEMA, sessionId: SESSION, now: NOW });
    expect(result).toEqual({ form: [expect.objectContaining({ id: 4000001 })], internal: { sealed: expect.any(String) } });
    expect(s.nodes(settings({ ...flow, internal: { totp: result.internal } })).map((n) => n.type)).toEqual(['img', 'text', 'input', 'input']);
  });

  it('second factor: totp_code is required, then verified against the credential under the lock', async () => {
    const s = strategy();
    expect(s.submit.secondFactor({ method: 'totp' }, loginFlow('aal2'))).toEqual({ fields: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000002 }) }] });
    const read = s.submit.secondFactor({ method: 'totp', totp_code: totp(SEED, NOW) }, loginFlow('aal2'));
    if (!('accepted' in read)) throw new Error('expected an accepted code');
    const verified = await read.accepted.verify(LINKED, { flow: loginFlow('aal2'), identityId: IDENTITY, now: NOW });
    expect(verified).toMatchObject({ used: { events: [{ type: 'FactorUsed', data: { type: 'totp', flow_id: loginFlow('aal2').id, identity_id: IDENTITY } }] } });
    const spent = { totp: { ...LINKED.totp!, config: { ...LINKED.totp!.config, last_step: Math.floor(NOW.getTime() / 30_000) } } };
    expect(await read.accepted.verify(spent, { flow: loginFlow('aal2'), identityId: IDENTITY, now: NOW })).toEqual({
      refused: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000008 }) }],
    });
  });
});

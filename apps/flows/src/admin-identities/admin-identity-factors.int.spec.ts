import { expectKratosShape } from '@gatehouse/testing';
import { lookupCodeDigest } from '../identity/credential-configs';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const totpUrl = (secret = SECRET) => `otpauth://totp/Gatehouse:ada?secret=${secret}&issuer=Gatehouse`;
const CODES = ['ka7d-xq3m', 'p2vn-8wzr', 'u4hb-1cty'];
const USED_AT = '2026-03-01T12:00:00.000Z';

describe('totp and lookup_secret credentials through the admin API: import, include_credential, PUT (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const credentialRow = async (id: string, type: string) =>
    (await h.query<{ identifiers: string[]; config: any }>('SELECT identifiers, config FROM $schema.identity_credentials WHERE identity_id = $1 AND type = $2', [id, type]))[0];
  const mfaCredentials = (codes = CODES) => ({
    password: { config: { password: PASSWORD } },
    totp: { config: { totp_url: totpUrl() } },
    lookup_secret: { config: { codes: codes.map((code, i) => (i === 1 ? { code, used_at: USED_AT } : { code })) } },
  });
  /** Neither the TOTP seed nor a lookup code appears in the text. */
  const expectNoSecret = (what: string, text: string) => {
    for (const secret of [SECRET, ...CODES]) expect([what, text.includes(secret)]).toEqual([what, false]);
  };

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('imports a TOTP app and lookup codes: identified by the identity id, shown without secrets, stored as digests, never in event data', async () => {
    const email = uniqueEmail('mfa');
    const res = await admin.create({ schema_id: 'default', traits: { email }, credentials: mfaCredentials() }, { 'x-gatehouse-actor': 'migration' });
    expect(res.status).toBe(201);
    expectKratosShape('identity', res.body);
    const id: string = res.body.id;
    expect(Object.keys(res.body.credentials)).toEqual(['lookup_secret', 'password', 'totp']);
    expect(res.body.credentials.totp).toEqual({ type: 'totp', identifiers: [id], version: 0, created_at: res.body.created_at, updated_at: res.body.created_at });
    expect(res.body.credentials.lookup_secret).toMatchObject({ type: 'lookup_secret', identifiers: [id], version: 0 });
    expect(res.body.credentials.lookup_secret.config).toBeUndefined();
    expectNoSecret('create answer', JSON.stringify(res.body));
    expect((await admin.login(email)).status).toBe(200);

    const included = await admin.get(id, '?include_credential=totp&include_credential=lookup_secret&include_credential=password');
    expect(included.status).toBe(200);
    expectKratosShape('identity', included.body);
    expect(included.body.credentials.totp).toMatchObject({ identifiers: [id], config: {} });
    expect(included.body.credentials.lookup_secret.config).toEqual({ recovery_codes: [{ used_at: null }, { used_at: USED_AT }, { used_at: null }] });
    expect(included.body.credentials.password.config.hashed_password).toMatch(/^\$/);
    expectNoSecret('include_credential', JSON.stringify(included.body));
    const plain = await admin.get(id);
    expect(plain.body.credentials.totp.config).toBeUndefined();

    const row = await credentialRow(id, 'lookup_secret');
    expect(row!.identifiers).toEqual([id]);
    expect(row!.config.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(row!.config.codes).toEqual(CODES.map((code, i) => ({ digest: lookupCodeDigest(row!.config.salt, code), ...(i === 1 ? { used_at: USED_AT } : {}) })));
    expectNoSecret('lookup_secret row', JSON.stringify(row));
    expect((await credentialRow(id, 'totp'))!.config).toEqual({ totp_url: totpUrl() });

    const stream = (await h.events()).filter((e) => e.streamId === `identity:${id}`);
    expect(stream.map((e) => e.type)).toEqual(['IdentityCreated']);
    expect(stream[0]!.data).toMatchObject({ credentials: { totp: { identifiers: [id], version: 0 }, lookup_secret: { identifiers: [id], version: 0 } }, actor: { type: 'admin', id: 'migration' } });
    expectNoSecret('event data', JSON.stringify(stream.map((e) => e.data)));
    const sealed = JSON.stringify(stream.map((e) => e.secrets));
    for (const code of CODES) expect(sealed.includes(code)).toBe(false);
    expect(sealed).toContain(lookupCodeDigest(row!.config.salt, CODES[0]!));
    const raw = await h.query<{ data: string; sealed: Buffer | null }>('SELECT data::text AS data, sealed FROM $schema.events WHERE stream_id = $1', [`identity:${id}`]);
    expectNoSecret('stored row', raw.map((r) => r.data + (r.sealed?.toString('latin1') ?? '')).join());
    const [created] = await admin.events('sh.gatehouse.identity.created.v1', (d) => d.identity_id === id);
    expectNoSecret('Kafka', JSON.stringify(created));
  });

  it('refuses a totp_url that is no otpauth://totp URL with a base32 secret, and malformed lookup codes, with a 400', async () => {
    const body = (credentials: unknown) => ({ schema_id: 'default', traits: { email: uniqueEmail('bad') }, credentials });
    for (const url of ['otpauth://x', 'otpauth://hotp/x?secret=JBSWY3DP', `otpauth://totp/x?secret=${SECRET}1`, 'https://example.com/?secret=JBSWY3DP']) {
      const res = await admin.create(body({ totp: { config: { totp_url: url } } }));
      expect([url, res.status, res.body.error.reason]).toEqual([url, 400, 'The imported TOTP URL is not valid: it must be an otpauth://totp/ URL with a base32 secret.']);
    }
    expect((await admin.create(body({ lookup_secret: { config: { codes: 'abc' } } }))).status).toBe(400);
    expect((await admin.create(body({ lookup_secret: { config: { codes: [{ code: '' }] } } }))).status).toBe(400);
    expect((await admin.create(body({ webauthn: { config: { credentials: [] } } }))).body.error.reason).toBe('Importing webauthn credentials is not supported.');
  });

  it('a batch imports them too (per-item errors for a bad totp_url), each credential with its own salt', async () => {
    const emails = [uniqueEmail('b0'), uniqueEmail('b1'), uniqueEmail('b2')];
    const res = await admin.call('PATCH', '/admin/identities', {
      identities: [
        { create: { schema_id: 'default', traits: { email: emails[0] }, credentials: mfaCredentials() } },
        { create: { schema_id: 'default', traits: { email: emails[1] }, credentials: { totp: { config: { totp_url: 'otpauth://totp/x?secret=0189' } } } } },
        { create: { schema_id: 'default', traits: { email: emails[2] }, credentials: { lookup_secret: { config: { codes: [{ code: CODES[0] }] } } } } },
      ],
    });
    expect(res.status).toBe(200);
    const [first, bad, third] = res.body.identities;
    expect(first.action).toBe('create');
    expect(bad).toMatchObject({ action: 'error', error: { code: 400, reason: 'The imported TOTP URL is not valid: it must be an otpauth://totp/ URL with a base32 secret.' } });
    expectNoSecret('batch answer', JSON.stringify(res.body));
    const a = await credentialRow(first.identity, 'lookup_secret');
    const b = await credentialRow(third.identity, 'lookup_secret');
    expect(a!.identifiers).toEqual([first.identity]);
    expect(a!.config.salt).not.toBe(b!.config.salt);
    expect(b!.config.codes).toEqual([{ digest: lookupCodeDigest(b!.config.salt, CODES[0]!) }]);
    expect(a!.config.codes[0].digest).not.toBe(b!.config.codes[0].digest);
    expect((await credentialRow(first.identity, 'totp'))!.config).toEqual({ totp_url: totpUrl() });
    const data = (await h.events()).filter((e) => e.streamId === `identity:${first.identity}` || e.streamId === `identity:${third.identity}`).map((e) => e.data);
    expectNoSecret('batch event data', JSON.stringify(data));
  });

  it('PUT keeps second factors its body does not name; a totp_url replaces the app, lookup codes are added under the same salt', async () => {
    const email = uniqueEmail('put');
    const identity = (await admin.create({ schema_id: 'default', traits: { email }, credentials: mfaCredentials() })).body;
    const before = await credentialRow(identity.id, 'lookup_secret');

    const same = await admin.call('PUT', `/admin/identities/${identity.id}`, { schema_id: 'default', state: 'active', traits: { email }, metadata_admin: { note: 1 } });
    expect(same.status).toBe(200);
    expect(same.body.credentials.totp).toEqual(identity.credentials.totp);
    expect(same.body.credentials.lookup_secret).toEqual(identity.credentials.lookup_secret);
    expect(await credentialRow(identity.id, 'lookup_secret')).toEqual(before);
    expect((await credentialRow(identity.id, 'totp'))!.config).toEqual({ totp_url: totpUrl() });

    const other = totpUrl('GEZDGNBVGY3TQOJQ');
    const more = await admin.call('PUT', `/admin/identities/${identity.id}`, {
      schema_id: 'default',
      traits: { email },
      credentials: { totp: { config: { totp_url: other } }, lookup_secret: { config: { codes: [{ code: 'zz9z-new1' }] } } },
    });
    expect(more.status).toBe(200);
    expect(JSON.stringify(more.body)).not.toMatch(/GEZDGNBVGY3TQOJQ|zz9z-new1/);
    expect(more.body.credentials.totp.created_at).toBe(identity.credentials.totp.created_at);
    const after = await credentialRow(identity.id, 'lookup_secret');
    expect(after!.config).toEqual({ salt: before!.config.salt, codes: [...before!.config.codes, { digest: lookupCodeDigest(before!.config.salt, 'zz9z-new1') }] });
    expect((await credentialRow(identity.id, 'totp'))!.config).toEqual({ totp_url: other });
    const updates = (await h.events()).filter((e) => e.streamId === `identity:${identity.id}` && e.type === 'IdentityUpdated');
    expect(updates.map((e) => (e.data as { changed: string[] }).changed)).toEqual([['metadata_admin'], ['metadata_admin', 'credentials.lookup_secret', 'credentials.totp']]);
    expect(JSON.stringify(updates.map((e) => e.data))).not.toMatch(/GEZDGNBVGY3TQOJQ|zz9z-new1/);
  });
});

import { randomUUID } from 'node:crypto';
import { streamId } from '@gatehouse/contracts';
import { WebAuthnConfig, WebAuthnKey } from '../identity/credential-configs';
import { flowsEventStore } from '../identity/event-store.factory';
import { credentialSecrets } from '../identity/identity.state';
import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const TOTP_URL = `otpauth://totp/Gatehouse:x?secret=${TOTP_SECRET}`;


/** A WebAuthn key or passkey as a settings flow adds it: FactorAdded, its config sealed beside it (the admin import
 * takes no such keys here). */
async function addKeys(h: FlowsHarness, identityId: string, type: 'webauthn' | 'passkey', identifiers: string[], keys: WebAuthnKey[]): Promise<void> {
  const { store } = flowsEventStore(h.pool, { schema: h.config.database.schema, cipherSecrets: h.config.secrets.cipher });
  const config: WebAuthnConfig = { credentials: keys, user_handle: Buffer.from(identityId).toString('base64url') };
  const stream = streamId.identity(identityId);
  await store.transact(async (tx) => {
    const data = { identity_id: identityId, type, flow_id: randomUUID(), session_id: randomUUID(), identifiers, key: { id: keys[0]!.id, display_name: keys[0]!.display_name }, added_at: new Date().toISOString() };
    await tx.append({ streamId: stream, expectedVersion: await tx.streamVersion(stream), subject: identityId, events: [{ type: 'FactorAdded', version: 1, data, ...credentialSecrets({ [type]: { ...config } }) }] });
  });
}

const key = (name: string, isPasswordless: boolean): WebAuthnKey => ({
  id: Buffer.from(`id-${name}`).toString('base64url'),
  public_key: Buffer.from(`pk-${name}`).toString('base64url'),
  sign_count: 1,
  display_name: `key ${name}`,
  added_at: '2026-05-01T00:00:00.000Z',
  is_passwordless: isPasswordless,
});

describe('DELETE /admin/identities/{id}/credentials/{type} (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const removeCredential = (id: string, type: string, query = '') => admin.call('DELETE', `/admin/identities/${id}/credentials/${type}${query}`);
  const oidc = (subject: string) => ({ oidc: { config: { providers: [{ provider: 'github', subject }, { provider: 'google', subject }] } } });

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('refuses to remove the last first factor (400) and a credential the identity lacks, whatever its type (404, as Kratos looks it up first)', async () => {
    const identity = await admin.createUser(uniqueEmail('last'));
    const last = await removeCredential(identity.id, 'password');
    expect(last).toMatchObject({ status: 400, body: { error: { code: 400, reason: 'You cannot remove the last first factor credential.', message: 'The request was malformed or contained invalid parameters' } } });
    expect((await removeCredential(identity.id, 'totp')).body.error).toMatchObject({ code: 404, reason: 'You tried to remove a totp but this user have no totp set up.' });
    expect((await removeCredential(identity.id, 'oidc', '?identifier=github:x')).status).toBe(404);
    for (const type of ['code', 'passkey', 'webauthn', 'lookup_secret', 'magic', 'constructor']) {
      expect((await removeCredential(identity.id, type)).body.error).toMatchObject({ code: 404, reason: `You tried to remove a ${type} but this user have no ${type} set up.` });
    }
    expect((await removeCredential('0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41', 'password')).status).toBe(404);
    expect((await admin.get(identity.id)).body).toEqual(identity);
  });

  it('with OIDC and a password: removing the password is a 204 (claims released, login refused); OIDC providers go one by one', async () => {
    const email = uniqueEmail('both');
    const subject = `sub-${Date.now()}`;
    const identity = await admin.createUser(email, { credentials: { password: { config: { password: 'first factor one 111' } }, ...oidc(subject) } });
    expect((await admin.login(email, 'first factor one 111')).status).toBe(200);

    const res = await removeCredential(identity.id, 'password');
    expect(res.status).toBe(204);
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect(Object.keys((await admin.get(identity.id)).body.credentials)).toEqual(['oidc']);
    expect((await admin.login(email, 'first factor one 111')).status).toBe(400);
    const [removed] = await admin.events('sh.gatehouse.credentials.removed.v1', (d) => d.identity_id === identity.id);
    expect(removed).toEqual({ identity_id: identity.id, type: 'password', identifiers: [email.toLowerCase()], remaining_identifiers: [], actor: { type: 'admin' } });
    expect((await h.register(email)).status).toBe(200);

    expect((await removeCredential(identity.id, 'oidc')).status).toBe(400);
    expect((await removeCredential(identity.id, 'oidc', '?identifier=gitlab:nobody')).status).toBe(404);
    expect((await removeCredential(identity.id, 'oidc', `?identifier=github:${subject}`)).status).toBe(204);
    const left = (await admin.get(identity.id, '?include_credential=oidc')).body.credentials.oidc;
    expect(left).toMatchObject({ identifiers: [`google:${subject}`], config: { providers: [{ provider: 'google', subject }] } });
    expect((await removeCredential(identity.id, 'oidc', `?identifier=google:${subject}`)).body.error.reason).toBe('You cannot remove the last first factor credential.');
    const other = await admin.create({ schema_id: 'default', traits: { email: uniqueEmail('github') }, credentials: { oidc: { config: { providers: [{ provider: 'github', subject }] } } } });
    expect(other.status).toBe(201);
  });

  it('totp and lookup_secret go whole (204, CredentialsRemoved with the actor), their configs with them; they are no first factor', async () => {
    const email = uniqueEmail('mfa');
    const codes = [{ code: 'rm11-aaaa' }, { code: 'rm22-bbbb' }];
    const identity = await admin.createUser(email, { credentials: { password: { config: { password: PASSWORD } }, totp: { config: { totp_url: TOTP_URL } }, lookup_secret: { config: { codes } } } });
    expect((await removeCredential(identity.id, 'password')).body.error.reason).toBe('You cannot remove the last first factor credential.');

    const res = await admin.call('DELETE', `/admin/identities/${identity.id}/credentials/totp`, undefined, { 'x-gatehouse-actor': 'ops' });
    expect(res.status).toBe(204);
    expect(res.headers.get('x-gatehouse-await')).toBe(`identity:${identity.id}@2`);
    expect(Object.keys((await admin.get(identity.id, '?include_credential=totp')).body.credentials)).toEqual(['lookup_secret', 'password']);
    const [removed] = await admin.events('sh.gatehouse.credentials.removed.v1', (d) => d.identity_id === identity.id);
    expect(removed).toEqual({ identity_id: identity.id, type: 'totp', identifiers: [identity.id], remaining_identifiers: [], actor: { type: 'admin', id: 'ops' } });
    expect((await removeCredential(identity.id, 'totp')).body.error).toMatchObject({ code: 404, reason: 'You tried to remove a totp but this user have no totp set up.' });

    expect((await removeCredential(identity.id, 'lookup_secret')).status).toBe(204);
    expect(Object.keys((await admin.get(identity.id)).body.credentials)).toEqual(['password']);
    const rows = await h.query<{ type: string }>('SELECT type FROM $schema.identity_credentials WHERE identity_id = $1', [identity.id]);
    expect(rows.map((r) => r.type)).toEqual(['password']);
    const stream = (await h.events()).filter((e) => e.streamId === `identity:${identity.id}`);
    expect(stream.map((e) => e.type)).toEqual(['IdentityCreated', 'CredentialsRemoved', 'CredentialsRemoved']);
    // the configs sealed with each removal are those left: no TOTP seed after the first, no lookup digest after the second
    expect(JSON.stringify(stream[1]!.secrets)).not.toContain(TOTP_SECRET);
    expect(Object.keys((stream[2]!.secrets as any).credentials)).toEqual(['password']);
    const text = JSON.stringify(stream.map((e) => e.data));
    for (const secret of [TOTP_SECRET, ...codes.map((c) => c.code)]) expect(text).not.toContain(secret);
    expect((await admin.login(email)).status).toBe(200);
  });

  it('webauthn loses its second-factor keys, passwordless ones stay (Kratos); with none left the credential goes', async () => {
    const email = uniqueEmail('keys');
    const identity = await admin.createUser(email);
    await addKeys(h, identity.id, 'webauthn', [email.toLowerCase()], [key('a', true), key('b', false), key('c', false)]);
    const shown = (await admin.get(identity.id, '?include_credential=webauthn')).body.credentials.webauthn;
    expect(shown.identifiers).toEqual([email.toLowerCase()]);
    expect(shown.config.credentials.map((k: any) => [k.id, k.display_name, k.is_passwordless])).toEqual([
      [Buffer.from('id-a').toString('base64'), 'key a', true],
      [Buffer.from('id-b').toString('base64'), 'key b', false],
      [Buffer.from('id-c').toString('base64'), 'key c', false],
    ]);

    expect((await removeCredential(identity.id, 'webauthn')).status).toBe(204);
    const left = (await admin.get(identity.id, '?include_credential=webauthn')).body.credentials.webauthn;
    expect(left.config.credentials.map((k: any) => k.display_name)).toEqual(['key a']);
    const [row] = await h.query<{ config: WebAuthnConfig }>("SELECT config FROM $schema.identity_credentials WHERE identity_id = $1 AND type = 'webauthn'", [identity.id]);
    expect(row!.config.credentials.map((k) => k.display_name)).toEqual(['key a']);
    const [removed] = await admin.events('sh.gatehouse.credentials.removed.v1', (d) => d.identity_id === identity.id);
    expect(removed).toEqual({ identity_id: identity.id, type: 'webauthn', identifiers: [], remaining_identifiers: [email.toLowerCase()], actor: { type: 'admin' } });
    // nothing left to remove: 204, nothing recorded
    const again = await removeCredential(identity.id, 'webauthn');
    expect([again.status, again.headers.get('x-gatehouse-await')]).toEqual([204, null]);

    const other = await admin.createUser(uniqueEmail('mfa-keys'));
    await addKeys(h, other.id, 'webauthn', [other.id], [key('d', false)]);
    expect((await removeCredential(other.id, 'webauthn')).status).toBe(204);
    expect(Object.keys((await admin.get(other.id)).body.credentials)).toEqual(['password']);
    expect((await removeCredential(other.id, 'webauthn')).status).toBe(404);
  });

  it('a passkey cannot be deleted (Kratos\'s 400), and it is a first factor: the password may go', async () => {
    const email = uniqueEmail('passkey');
    const identity = await admin.createUser(email);
    await addKeys(h, identity.id, 'passkey', [Buffer.from(identity.id).toString('base64url')], [key('p', true)]);
    expect(await removeCredential(identity.id, 'passkey')).toMatchObject({ status: 400, body: { error: { code: 400, reason: 'Credentials type passkey cannot be deleted.' } } });
    expect((await admin.get(identity.id, '?include_credential=passkey')).body.credentials.passkey.config.credentials).toHaveLength(1);
    expect((await removeCredential(identity.id, 'password')).status).toBe(204);
    expect(Object.keys((await admin.get(identity.id)).body.credentials)).toEqual(['passkey']);
    expect((await admin.login(email)).status).toBe(400);
  });
});

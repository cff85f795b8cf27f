import { Suite, waitFor } from '@gatehouse/testing';

const PASSWORD = 'e2e read your writes 5b2e';
const ROUNDS = 10;

async function json(res: Response): Promise<any> {
  return res.json();
}

/** Issue 9: a self-service write is visible on the admin API (and whoami) when its answer is sent, as admin writes
 * are: the gateway holds the answer until the identity read model has the change. No waitFor anywhere here: the
 * reads follow the answers at once, ROUNDS times, so that a race would show. */
describe('read-your-writes for self-service answers through the gateway', () => {
  const suite = new Suite();

  beforeAll(() => suite.start(), 90_000);
  afterAll(() => suite.stop(), 30_000);

  const post = (path: string, body: unknown) =>
    fetch(`${suite.publicUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });

  async function register(email: string): Promise<{ id: string; token: string; internal: string | null }> {
    const flow = await json(await fetch(`${suite.publicUrl}/self-service/registration/api`));
    const res = await post(`/self-service/registration?flow=${flow.id}`, { method: 'password', traits: { email }, password: PASSWORD });
    expect(res.status).toBe(200);
    const internal = res.headers.get('x-gatehouse-await');
    const body = await json(res);
    return { id: body.identity.id, token: body.session_token, internal };
  }

  it(`a registration is on the admin port as soon as it is answered (${ROUNDS} times)`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const email = `e2e.ryw.reg.${Date.now()}.${i}@example.com`;
      const { id, internal } = await register(email);
      expect(internal).toBeNull();
      const admin = await fetch(`${suite.adminUrl}/admin/identities/${id}`);
      expect(admin.status).toBe(200);
      expect((await json(admin)).verifiable_addresses).toEqual([expect.objectContaining({ value: email, verified: false, status: 'sent' })]);
    }
  }, 60_000);

  it(`a passed verification is verified on the admin port and whoami as soon as it is answered (${ROUNDS} times)`, async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const email = `e2e.ryw.verify.${Date.now()}.${i}@example.com`;
      const { id, token } = await register(email);
      const mail = await suite.sink.waitForMail(email, 10_000);
      const [, flowId, code] = mail.text.match(/\/self-service\/verification\?flow=([0-9a-f-]{36})&code=(\d{6})/)!;

      const res = await post(`/self-service/verification?flow=${flowId}`, { method: 'code', code });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-gatehouse-await')).toBeNull();
      expect((await json(res)).state).toBe('passed_challenge');

      const admin = await json(await fetch(`${suite.adminUrl}/admin/identities/${id}`));
      expect(admin.verifiable_addresses).toEqual([expect.objectContaining({ value: email, verified: true, status: 'completed', verified_at: expect.any(String) })]);
      const session = await json(await fetch(`${suite.publicUrl}/sessions/whoami`, { headers: { 'x-session-token': token } }));
      expect(session.identity.verifiable_addresses).toEqual([expect.objectContaining({ value: email, verified: true, status: 'completed' })]);
    }
  }, 120_000);
  /** The ETag of the admin GET is the stream version: the identity read model's must be the write side's (flows
   * answers the GET with include_credential) right after the answer. */
  const etags = async (id: string) => {
    const read = await fetch(`${suite.adminUrl}/admin/identities/${id}`);
    const written = await fetch(`${suite.adminUrl}/admin/identities/${id}?include_credential=password`);
    return { read: read.headers.get('etag'), written: written.headers.get('etag') };
  };

  it('a passed recovery and the new password in settings are on the admin port as soon as they are answered (5 times)', async () => {
    for (let i = 0; i < 5; i++) {
      const email = `e2e.ryw.recover.${Date.now()}.${i}@example.com`;
      await register(email);
      await suite.sink.waitForMail(email, 10_000);
      const flow = await json(await fetch(`${suite.publicUrl}/self-service/recovery/api`));
      expect((await post(`/self-service/recovery?flow=${flow.id}`, { method: 'code', email })).status).toBe(200);
      const mail = await waitFor(() => suite.sink.mailsTo(email).find((m) => m.subject === 'Recover access to your account'), { timeoutMs: 10_000, what: 'the recovery mail' });
      const code = mail.text.match(/\b(\d{6})\b/)![1];

      const recovered = await post(`/self-service/recovery?flow=${flow.id}`, { method: 'code', code });
      expect(recovered.status).toBe(200);
      expect(recovered.headers.get('x-gatehouse-await')).toBeNull();
      const done = await json(recovered);
      expect(done.state).toBe('passed_challenge');
      const id = (await json(await fetch(`${suite.publicUrl}/sessions/whoami`, { headers: { 'x-session-token': done.continue_with[0].ory_session_token } }))).identity.id;
      const afterRecovery = await etags(id);
      expect(afterRecovery.read).toBe(afterRecovery.written);

      const token = done.continue_with.find((c: any) => c.action === 'set_ory_session_token').ory_session_token;
      const settingsId = done.continue_with.find((c: any) => c.action === 'show_settings_ui').flow.id;
      const saved = await fetch(`${suite.publicUrl}/self-service/settings?flow=${settingsId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-session-token': token },
        body: JSON.stringify({ method: 'password', password: `${PASSWORD} new ${i}` }),
      });
      expect(saved.status).toBe(200);
      expect(saved.headers.get('x-gatehouse-await')).toBeNull();
      const afterSettings = await etags(id);
      expect(afterSettings.read).toBe(afterSettings.written);
      expect(Number(JSON.parse(afterSettings.read!))).toBeGreaterThan(Number(JSON.parse(afterRecovery.read!)));
    }
  }, 120_000);
});

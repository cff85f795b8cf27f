import { hash as bcrypt } from '@node-rs/bcrypt';
import { Configuration, FrontendApi } from '@ory/client';
import { expectKratosShape, refused, waitFor } from '@gatehouse/testing';
import { FlowsHarness } from '../../test/flows-harness';

const PASSWORD = 'correct horse battery staple 42';


describe('native login, sessions and logout, driven with @ory/client (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let ory: FrontendApi;
  const tokens: string[] = [];

  const register = async (email: string) => {
    const { data: flow } = await ory.createNativeRegistrationFlow();
    const { data } = await ory.updateRegistrationFlow({ flow: flow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD } });
    tokens.push(data.session_token!);
    return data;
  };
  const login = async (identifier: string, password = PASSWORD, options: { refresh?: boolean; xSessionToken?: string } = {}) => {
    const { data: flow } = await ory.createNativeLoginFlow({ refresh: options.refresh, xSessionToken: options.xSessionToken });
    const res = await ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password }, xSessionToken: options.xSessionToken });
    tokens.push(res.data.session_token!);
    return res.data;
  };

  beforeAll(async () => {
    await h.start();
    ory = new FrontendApi(new Configuration({ basePath: h.url }));
  });
  afterAll(() => h.stop());

  it('registration issues a session (session hook) that whoami accepts by header, bearer and cookie', async () => {
    const email = `reg.${Date.now()}@example.com`;
    const registered = await register(email);
    expectKratosShape('successfulNativeRegistration', registered);
    const token = registered.session_token!;
    const byHeader = await ory.toSession({ xSessionToken: token });
    expectKratosShape('session', byHeader.data);
    expect(byHeader.headers['x-kratos-authenticated-identity-id']).toBe(registered.identity!.id);
    expect(byHeader.data).toMatchObject({ active: true, authenticator_assurance_level: 'aal1', identity: { traits: { email } } });
    expect(byHeader.data.authentication_methods).toEqual([expect.objectContaining({ method: 'password', aal: 'aal1' })]);
    const alternatives: Array<Record<string, string>> = [{ authorization: `Bearer ${token}` }, { cookie: `ory_kratos_session=${token}` }];
    for (const headers of alternatives) {
      const res = await fetch(`${h.url}/sessions/whoami`, { headers });
      expect(res.status).toBe(200);
    }
  });

  it('logs in with a new token every time (no fixation), case-insensitively by e-mail', async () => {
    const email = `login.${Date.now()}@example.com`;
    const registered = await register(email);
    const first = await login(email.toUpperCase());
    const second = await login(email);
    expectKratosShape('successfulNativeLogin', first);
    expect(new Set([registered.session_token, first.session_token, second.session_token]).size).toBe(3);
    expect(first.session.id).not.toBe(second.session.id);
    expect(first.session_token).toMatch(/^ory_st_[A-Za-z0-9]{32}$/);
    expect((await ory.toSession({ xSessionToken: second.session_token })).data.identity!.id).toBe(registered.identity!.id);
  });

  it('answers an unknown identifier exactly like a wrong password (4000006)', async () => {
    const email = `enum.${Date.now()}@example.com`;
    await register(email);
    const wrong = await refused(login(email, 'not the password at all'));
    const unknown = await refused(login(`nobody.${Date.now()}@example.com`, 'not the password at all'));
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const normalize = (b: any) => JSON.parse(JSON.stringify(b).replaceAll(b.id, 'ID').replace(/"(issued_at|expires_at|created_at|updated_at)":"[^"]+"/g, '"$1":"T"').replace(/"value":"[^"]*@example.com"/g, '"value":"X"').replace(/"request_url":"[^"]+"/, '"request_url":"U"'));
    expect(normalize(wrong.body)).toEqual(normalize(unknown.body));
    expect(wrong.body.ui.messages).toEqual([{ id: 4000006, text: expect.stringContaining('credentials are invalid'), type: 'error' }]);
    expectKratosShape('loginFlow', wrong.body);
  });

  it('refuses a new login flow while a session exists, unless refresh=true, and refresh updates authenticated_at', async () => {
    const email = `refresh.${Date.now()}@example.com`;
    await register(email);
    const session = await login(email);
    const already = await refused(ory.createNativeLoginFlow({ xSessionToken: session.session_token }));
    expect(already.status).toBe(400);
    expect(already.body.error.id).toBe('session_already_available');
    h.advance(5 * 60_000);
    try {
      const refreshed = await login(email, PASSWORD, { refresh: true, xSessionToken: session.session_token });
      expect(refreshed.session.id).toBe(session.session.id);
      expect(Date.parse(refreshed.session.authenticated_at!)).toBeGreaterThan(Date.parse(session.session.authenticated_at!));
      // Kratos keeps the session and its token (login-refresh.int.spec.ts covers the rest)
      expect(refreshed.session_token).toBe(session.session_token);
      expect((await ory.toSession({ xSessionToken: session.session_token })).status).toBe(200);
    } finally {
      h.advance(-5 * 60_000);
    }
  });

  it('verifies a password stored with another hasher (bcrypt) and upgrades it to argon2id on login', async () => {
    const email = `rehash.${Date.now()}@example.com`;
    const registered = await register(email);
    const identityId = registered.identity!.id;
    const bcryptHash = await bcrypt(PASSWORD, 4);
    await h.query(`UPDATE $schema.identity_credentials SET config = jsonb_build_object('hashed_password', $2::text) WHERE identity_id = $1`, [identityId, bcryptHash]);
    expect((await refused(login(email, 'a wrong password for the bcrypt hash'))).status).toBe(400);
    const [before] = await h.query<{ config: { hashed_password: string } }>('SELECT config FROM $schema.identity_credentials WHERE identity_id = $1', [identityId]);
    expect(before.config.hashed_password).toBe(bcryptHash);
    await login(email);
    const [after] = await h.query<{ config: { hashed_password: string } }>('SELECT config FROM $schema.identity_credentials WHERE identity_id = $1', [identityId]);
    expect(after.config.hashed_password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await login(email);
  });

  it('lists and revokes my other sessions', async () => {
    const email = `many.${Date.now()}@example.com`;
    await register(email);
    const a = await login(email);
    const b = await login(email);
    const c = await login(email);
    const { data: others } = await ory.listMySessions({ xSessionToken: a.session_token });
    expect(others.map((s) => s.id)).toEqual(expect.arrayContaining([b.session.id, c.session.id]));
    expect(others.map((s) => s.id)).not.toContain(a.session.id);
    await ory.disableMySession({ id: b.session.id, xSessionToken: a.session_token });
    expect((await refused(ory.toSession({ xSessionToken: b.session_token }))).status).toBe(401);
    const mine = await refused(ory.disableMySession({ id: a.session.id, xSessionToken: a.session_token }));
    expect(mine.status).toBe(400);
    const { data: count } = await ory.disableMyOtherSessions({ xSessionToken: a.session_token });
    expect(count.count).toBeGreaterThanOrEqual(2);
    expect((await refused(ory.toSession({ xSessionToken: c.session_token }))).status).toBe(401);
    expect((await ory.toSession({ xSessionToken: a.session_token })).status).toBe(200);
  });

  it('logout makes the token answer 401 session_inactive everywhere at once', async () => {
    const email = `logout.${Date.now()}@example.com`;
    await register(email);
    const { session_token } = await login(email);
    await ory.performNativeLogout({ performNativeLogoutBody: { session_token: session_token! } });
    const whoami = await refused(ory.toSession({ xSessionToken: session_token }));
    expect(whoami.status).toBe(401);
    expect(whoami.body.error).toMatchObject({ id: 'session_inactive', code: 401, status: 'Unauthorized' });
    expectKratosShape('errorGeneric', whoami.body);
    expect((await refused(ory.listMySessions({ xSessionToken: session_token }))).status).toBe(401);
    expect((await refused(ory.performNativeLogout({ performNativeLogoutBody: { session_token: session_token! } }))).status).toBe(403);
    expect((await refused(ory.performNativeLogout({ performNativeLogoutBody: { session_token: '' } }))).status).toBe(400);
  });

  it('a session expires after session.lifespan', async () => {
    const email = `expiry.${Date.now()}@example.com`;
    const { session_token } = await register(email);
    h.advance(24 * 60 * 60_000 + 1_000);
    try {
      expect((await refused(ory.toSession({ xSessionToken: session_token }))).status).toBe(401);
    } finally {
      h.advance(-(24 * 60 * 60_000 + 1_000));
    }
  });

  it('records SessionIssued, SessionRevoked, LoginSucceeded and LoginFailed on Kafka without any token or password', async () => {
    await waitFor(
      async () => {
        const types = new Set((await h.topic.readAll()).map((r) => r.headers.ce_type));
        return ['session.issued', 'session.revoked', 'login.succeeded', 'login.failed'].every((t) => types.has(`sh.gatehouse.${t}.v1`));
      },
      { what: 'the session and login events on Kafka', timeoutMs: 15_000 },
    );
    const everything = JSON.stringify(await h.topic.readAll());
    expect(tokens.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD, ...tokens]) expect(everything).not.toContain(secret);
  });
});

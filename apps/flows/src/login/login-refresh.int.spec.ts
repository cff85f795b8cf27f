import { Configuration, FrontendApi, Session } from '@ory/client';
import { expectKratosShape } from '@gatehouse/testing';
import { Browser, JSON_HEADERS, PASSWORD as BROWSER_PASSWORD, uniqueEmail } from '../../test/browser';
import { FlowsHarness } from '../../test/flows-harness';

const PASSWORD = 'correct horse battery staple 42';
const UI = 'http://127.0.0.1:4455';
const MINUTES = 60_000;

/** Kratos v26.2.0 (selfservice/flow/login/handler.go updateLoginFlow, hook.go PostLoginHook, session/manager_http.go
 * ActivateSession, persistence/sql/persister_session.go UpsertSession): a refresh login on a session of the same
 * identity keeps that session (same id, same token, same issued_at), appends the method to authentication_methods,
 * and moves authenticated_at and expires_at; on another identity's session it issues a fresh session. */
describe('login with refresh=true re-authenticates the current session (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let ory: FrontendApi;

  const register = async (email: string) => {
    const { data: flow } = await ory.createNativeRegistrationFlow();
    const { data } = await ory.updateRegistrationFlow({ flow: flow.id, updateRegistrationFlowBody: { method: 'password', traits: { email }, password: PASSWORD } });
    return data;
  };
  const login = async (identifier: string, options: { refresh?: boolean; xSessionToken?: string } = {}) => {
    const { data: flow } = await ory.createNativeLoginFlow({ refresh: options.refresh, xSessionToken: options.xSessionToken });
    const { data } = await ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password: PASSWORD }, xSessionToken: options.xSessionToken });
    return { flow, data };
  };
  const whoami = async (token: string): Promise<Session> => (await ory.toSession({ xSessionToken: token })).data;
  const lifespanOf = (s: Session) => Date.parse(s.expires_at!) - Date.parse(s.authenticated_at!);
  /** Runs `fn` with the service's clock moved forward, so that new timestamps are clearly later. */
  const later = async <T>(ms: number, fn: () => Promise<T>): Promise<T> => {
    h.advance(ms);
    try {
      return await fn();
    } finally {
      h.advance(-ms);
    }
  };

  beforeAll(async () => {
    await h.start({ SELFSERVICE_ALLOWED_RETURN_URLS: `${UI}/` });
    ory = new FrontendApi(new Configuration({ basePath: h.url }));
  });
  afterAll(() => h.stop());

  it('native: the same session and token answer, whoami with the original token still works, the method is added', async () => {
    const email = uniqueEmail('refresh-native');
    await register(email);
    const { data: first } = await login(email);
    const token = first.session_token!;
    const before = await whoami(token);

    const { flow, data: refreshed } = await later(5 * MINUTES, () => login(email, { refresh: true, xSessionToken: token }));
    expect(flow.refresh).toBe(true);
    expectKratosShape('successfulNativeLogin', refreshed);
    expect(refreshed.session_token).toBe(token);
    expect(refreshed.session.id).toBe(before.id);
    expect(refreshed.session.identity!.id).toBe(before.identity!.id);
    expect(Date.parse(refreshed.session.authenticated_at!)).toBeGreaterThanOrEqual(Date.parse(before.authenticated_at!) + 5 * MINUTES);
    expect(lifespanOf(refreshed.session)).toBe(lifespanOf(before));
    expect(refreshed.session.issued_at).toBe(before.issued_at);
    expect(refreshed.session.authenticator_assurance_level).toBe('aal1');
    expect(refreshed.session.authentication_methods).toEqual([
      ...before.authentication_methods!,
      { method: 'password', aal: 'aal1', completed_at: refreshed.session.authenticated_at },
    ]);

    const after = await whoami(token);
    expect(after).toMatchObject({
      id: before.id,
      active: true,
      issued_at: before.issued_at,
      authenticated_at: refreshed.session.authenticated_at,
      expires_at: refreshed.session.expires_at,
      authentication_methods: refreshed.session.authentication_methods,
    });

    const events = (await h.events()).filter((e) => e.streamId === `session:${before.id}`) as { type: string; data: any }[];
    expect(events.map((e) => [e.type, e.data.reason])).toEqual([
      ['SessionIssued', 'login'],
      ['SessionIssued', 'refresh'],
    ]);
    expect(events[1]!.data).toMatchObject({ authenticated_at: after.authenticated_at, expires_at: after.expires_at, issued_at: before.issued_at, authentication_methods: after.authentication_methods });
    const [succeeded] = (await h.events()).filter((e) => e.type === 'LoginSucceeded' && (e.data as any).flow_id === flow.id) as { data: any }[];
    expect(succeeded!.data).toMatchObject({ session_id: before.id, refresh: true });
  });

  it('native: concurrent refreshes of one session each add their method (no lost update)', async () => {
    const email = uniqueEmail('refresh-concurrent');
    const { session_token } = await register(email);
    const token = session_token!;
    const answers = await Promise.all([1, 2, 3].map(() => login(email, { refresh: true, xSessionToken: token })));
    for (const { data } of answers) expect(data.session_token).toBe(token);
    expect((await whoami(token)).authentication_methods).toHaveLength(4);
  });

  it('native: refresh=true without a session is an ordinary login (the flow says refresh: false)', async () => {
    const email = uniqueEmail('refresh-none');
    const { session_token } = await register(email);
    const { flow, data } = await login(email, { refresh: true });
    expect(flow.refresh).toBe(false);
    expect(data.session_token).not.toBe(session_token);
    expect(data.session.authentication_methods).toHaveLength(1);
    expect((await whoami(session_token!)).id).not.toBe(data.session.id);
  });

  it('native: a refresh as another identity gets a fresh session of its own and leaves the current one alone', async () => {
    const alice = uniqueEmail('refresh-alice');
    const bob = uniqueEmail('refresh-bob');
    const aliceToken = (await register(alice)).session_token!;
    const bobId = (await register(bob)).identity!.id;
    const before = await whoami(aliceToken);

    const { data } = await later(MINUTES, () => login(bob, { refresh: true, xSessionToken: aliceToken }));
    expect(data.session.identity!.id).toBe(bobId);
    expect(data.session.id).not.toBe(before.id);
    expect(data.session_token).not.toBe(aliceToken);
    expect(data.session.authentication_methods).toHaveLength(1);
    expect((await whoami(data.session_token!)).identity!.id).toBe(bobId);
    expect(await whoami(aliceToken)).toMatchObject({ id: before.id, authenticated_at: before.authenticated_at, authentication_methods: before.authentication_methods });
  });

  it('browser: the same session cookie comes back, refreshed; whoami shows the added method', async () => {
    const b = new Browser(h.url);
    expect((await b.register(uniqueEmail('refresh-browser'))).status).toBe(303);
    const cookie = b.jar.get('ory_kratos_session')!;
    const before = (await (await b.whoami()).json()) as Session;

    const { flow, csrf } = await b.browserFlow('login', '?refresh=true');
    expect(flow.refresh).toBe(true);
    const email = before.identity!.traits.email as string;
    const res = await later(5 * MINUTES, () => b.formPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: email, password: BROWSER_PASSWORD }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${UI}/`);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`ory_kratos_session=${cookie};`))).toBe(true);
    expect(b.jar.get('ory_kratos_session')).toBe(cookie);

    const whoamiRes = await b.whoami();
    expect(whoamiRes.status).toBe(200);
    const after = (await whoamiRes.json()) as Session;
    expect(after.id).toBe(before.id);
    expect(Date.parse(after.authenticated_at!)).toBeGreaterThanOrEqual(Date.parse(before.authenticated_at!) + 5 * MINUTES);
    expect(after.authentication_methods!.map((m) => m.method)).toEqual(['password', 'password']);
  });

  it('SPA: 200 with the refreshed session and no session_token; the cookie keeps working', async () => {
    const b = new Browser(h.url);
    expect((await b.register(uniqueEmail('refresh-spa'))).status).toBe(303);
    const before = (await (await b.whoami()).json()) as Session;
    const { flow, csrf } = await b.spaFlow('login', '?refresh=true');
    expect(flow.refresh).toBe(true);
    const res = await b.jsonPost('login', flow.id, { csrf_token: csrf, method: 'password', identifier: before.identity!.traits.email, password: BROWSER_PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.session_token).toBeUndefined();
    expect(body.session).toMatchObject({ id: before.id, issued_at: before.issued_at });
    expect(body.session.authentication_methods).toHaveLength(2);
    const whoamiRes = await b.get('/sessions/whoami', JSON_HEADERS);
    expect(whoamiRes.status).toBe(200);
    expect(((await whoamiRes.json()) as Session).authentication_methods).toHaveLength(2);
  });
});

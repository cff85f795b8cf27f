import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** The profile method of the settings flow against the flows service with its real Postgres schema. */
describe('settings flow, profile method (real Postgres)', () => {
  const h = new FlowsHarness();

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const unique = (tag: string) => `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 7)}@example.com`;

  async function registered(): Promise<{ email: string; token: string; identityId: string }> {
    const email = unique('profile');
    const { status, body } = await h.register(email);
    expect(status).toBe(200);
    return { email, token: body.session_token, identityId: body.identity.id };
  }

  const newFlow = async (token: string) => (await (await fetch(`${h.url}/self-service/settings/api`, { headers: { 'x-session-token': token } })).json()) as any;
  const save = (flowId: string, token: string, body: unknown) =>
    fetch(`${h.url}/self-service/settings?flow=${flowId}`, { method: 'POST', headers: { ...JSON_HEADERS, 'x-session-token': token }, body: JSON.stringify(body) });
  const login = async (identifier: string) => {
    const flow = (await (await fetch(`${h.url}/self-service/login/api`)).json()) as any;
    const res = await fetch(`${h.url}/self-service/login?flow=${flow.id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'password', identifier, password: 'a long and secret passphrase' }) });
    return res.status;
  };

  it('shows the traits in group profile with "Save"', async () => {
    const a = await registered();
    const flow = await newFlow(a.token);
    const profile = flow.ui.nodes.filter((n: any) => n.group === 'profile').map((n: any) => [n.attributes.name, n.attributes.value]);
    expect(profile).toEqual([
      ['traits.email', a.email],
      ['traits.name.first', undefined],
      ['traits.name.last', undefined],
      ['method', 'profile'],
    ]);
  });

  it('a new e-mail: TraitsChanged, a new unverified address with a verification mail, the identifier claim moves', async () => {
    const a = await registered();
    const flow = await newFlow(a.token);
    const next = unique('moved');
    const res = await save(flow.id, a.token, { method: 'profile', traits: { email: next, name: { first: 'Ada' } } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ state: 'success', identity: { traits: { email: next, name: { first: 'Ada' } } }, ui: { messages: [expect.objectContaining({ id: 1050001 })] } });
    expect(body.identity.verifiable_addresses).toEqual([expect.objectContaining({ value: next, verified: false, status: 'sent' })]);
    expect(body.continue_with).toEqual([expect.objectContaining({ action: 'show_verification_ui', flow: expect.objectContaining({ verifiable_address: next }) })]);
    const events = (await h.events()).filter((e) => e.streamId === `identity:${a.identityId}`);
    expect(events.map((e) => e.type)).toEqual(['IdentityRegistered', 'TraitsChanged', 'VerificationRequested']);
    expect((events[1].data as any).identifiers).toEqual({ password: [next] });
    expect(await login(next)).toBe(200);
    expect(await login(a.email)).toBe(400);
  });

  it('invalid traits: 400 with the field message, nothing recorded, the typed values kept', async () => {
    const a = await registered();
    const flow = await newFlow(a.token);
    const before = (await h.events()).length;
    const res = await save(flow.id, a.token, { method: 'profile', traits: { email: 'not-an-email' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    const email = body.ui.nodes.find((n: any) => n.attributes.name === 'traits.email');
    expect(email.attributes.value).toBe('not-an-email');
    expect(email.messages).toEqual([expect.objectContaining({ id: 4000001, type: 'error' })]);
    expect((await h.events()).length).toBe(before);
  });

  it("another identity's e-mail: 400 4000007, nothing changes", async () => {
    const a = await registered();
    const b = await registered();
    const flow = await newFlow(a.token);
    const res = await save(flow.id, a.token, { method: 'profile', traits: { email: b.email } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).ui.messages).toEqual([expect.objectContaining({ id: 4000007 })]);
    expect(await login(a.email)).toBe(200);
  });

  it('an old session may change non-identifying traits; a new e-mail needs a refresh (403 session_refresh_required)', async () => {
    const a = await registered();
    h.advance(2 * 3_600_000);
    try {
      const flow = await newFlow(a.token);
      const name = await save(flow.id, a.token, { method: 'profile', traits: { email: a.email, name: { last: 'Lovelace' } } });
      expect(name.status).toBe(200);
      const moved = await save(flow.id, a.token, { method: 'profile', traits: { email: unique('late') } });
      expect(moved.status).toBe(403);
      expect(((await moved.json()) as any).error.id).toBe('session_refresh_required');
    } finally {
      h.advance(-2 * 3_600_000);
    }
  });
});

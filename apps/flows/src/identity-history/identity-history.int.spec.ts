import { AdminClient, PASSWORD, uniqueEmail } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const SECRET_LOOKING = /hashed_password|sealed_|code_digest|token|\$argon2|\$2[aby]\$|ory_st_|ory_lo_|"v1\.\d+\./;

describe('GET /admin/identities/{id}/events: an identity\'s history (real Postgres)', () => {
  const h = new FlowsHarness();
  let admin: AdminClient;
  const history = (id: string, query = '') => admin.call('GET', `/admin/identities/${id}/events${query}`);

  beforeAll(async () => {
    await h.start();
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  it('create → update → state change → delete, oldest first with their actors, kept after the delete, with no secret in it', async () => {
    const email = uniqueEmail('history');
    const identity = await admin.createUser(email);
    await admin.call('PUT', `/admin/identities/${identity.id}`, { schema_id: 'default', state: 'active', traits: identity.traits, metadata_admin: { reviewed: true } }, { 'x-gatehouse-actor': 'ops@example.com' });
    await admin.call('PATCH', `/admin/identities/${identity.id}`, [{ op: 'replace', path: '/state', value: 'inactive' }]);

    const res = await history(identity.id);
    expect(res.status).toBe(200);
    const events: any[] = res.body;
    expect(events[0]).toEqual({
      id: expect.any(String),
      type: 'IdentityCreated',
      version: 1,
      stream_id: `identity:${identity.id}`,
      stream_version: 1,
      occurred_at: identity.created_at,
      actor: { type: 'admin' },
      data: expect.objectContaining({ identity_id: identity.id, traits: { email }, credentials: { password: { identifiers: [email.toLowerCase()], version: 0 } } }),
    });
    expect(events[1].data.changed).toEqual(['metadata_admin']);
    expect(events[2].data).toMatchObject({ state: 'inactive', previous_state: 'active' });
    const occurred = events.map((e) => Date.parse(e.occurred_at));
    expect([...occurred].sort((a, b) => a - b)).toEqual(occurred);
    expect(JSON.stringify(res.body)).not.toMatch(SECRET_LOOKING);
    expect(JSON.stringify(res.body)).not.toContain(PASSWORD);

    // after the delete the history stays (what happened, when, who did it), but the identity's data key is
    // destroyed: what its sealed events said (traits, addresses) cannot be read back (crypto-shredding)
    await admin.call('DELETE', `/admin/identities/${identity.id}`);
    const after = await history(identity.id);
    const kept: any[] = after.body;
    expect(kept.map((e) => e.type)).toEqual(['IdentityCreated', 'IdentityUpdated', 'IdentityStateChanged', 'IdentityDeleted']);
    expect(kept.map((e) => e.actor)).toEqual([{ type: 'admin' }, { type: 'admin', id: 'ops@example.com' }, { type: 'admin' }, { type: 'admin' }]);
    expect(kept.map((e) => e.stream_version)).toEqual([1, 2, 3, 4]);
    expect(kept.map((e) => e.occurred_at)).toEqual(events.map((e) => e.occurred_at).concat(kept[3].occurred_at));
    expect(kept.slice(0, 3).map((e) => e.data)).toEqual([{}, {}, {}]);
    expect(kept[3].data).toEqual({ identity_id: identity.id, actor: { type: 'admin' } });
    expect(JSON.stringify(after.body).toLowerCase()).not.toContain(email.toLowerCase());
  });

  it('shows self-service events (registration, sessions, logins) as the identity\'s own, without the sealed code; pages with Link', async () => {
    const email = uniqueEmail('selfservice');
    const registered = await h.register(email, PASSWORD);
    const id = registered.body.identity.id as string;
    expect((await admin.login(email)).status).toBe(200);
    expect((await admin.login(email, 'wrong password 12345')).status).toBe(400);
    const sealed = (await h.events()).filter((e) => e.subject === id && JSON.stringify(e.data).includes('sealed_code'));
    expect(sealed).toHaveLength(1);

    const all = (await history(id)).body as any[];
    expect(all.map((e) => e.type)).toEqual(['IdentityRegistered', 'SessionIssued', 'LoginSucceeded', 'SessionIssued', 'LoginFailed']);
    expect(all.every((e) => e.actor.type === 'identity' && e.actor.id === id)).toBe(true);
    expect(all[0].data.verification).toEqual(expect.objectContaining({ address: email.toLowerCase(), via: 'email' }));
    expect(JSON.stringify(all)).not.toMatch(SECRET_LOOKING);

    const seen: any[] = [];
    let url = `/admin/identities/${id}/events?page_size=2`;
    for (let pages = 0; pages < 10; pages++) {
      const page = await admin.call('GET', url);
      expect(page.status).toBe(200);
      expect(page.headers.get('link')).toContain('rel="first"');
      seen.push(...page.body);
      const next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
      if (!next) break;
      url = next;
    }
    expect(seen).toEqual(all);
  });

  it('404 for an identity no event names, 400 for a crafted page token', async () => {
    expect((await history('0b9d3a3e-7a55-4c3b-9a0e-2f2b8f1c6d41')).status).toBe(404);
    expect((await history('nope')).status).toBe(404);
    const identity = await admin.createUser(uniqueEmail('token'));
    expect((await history(identity.id, '?page_token=not-a-token')).status).toBe(400);
  });
});

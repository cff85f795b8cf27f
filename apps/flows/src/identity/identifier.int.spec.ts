import { Configuration, FrontendApi } from '@ory/client';
import { waitFor } from '@gatehouse/testing';
import { AdminClient, PASSWORD } from '../../test/admin-client';
import { FlowsHarness } from '../../test/flows-harness';

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/** A schema with a username and an e-mail, both password identifiers; the e-mail is verified and recovered. */
const USERS = {
  properties: {
    traits: {
      type: 'object',
      properties: {
        username: { type: 'string', title: 'Username', minLength: 1, 'ory.sh/kratos': { credentials: { password: { identifier: true } } } },
        email: {
          type: 'string',
          format: 'email',
          title: 'E-Mail',
          'ory.sh/kratos': { credentials: { password: { identifier: true } }, verification: { via: 'email' }, recovery: { via: 'email' } },
        },
      },
      required: ['username', 'email'],
      additionalProperties: false,
    },
  },
};

/** One identifier normalisation for registration, login, admin create and import, recovery and verification, with
 * Kratos v26.2.0's rules (identity/identifier.ts): password identifiers are trimmed and lower-cased whatever the
 * trait's format, so a username that contains an `@` logs in like any other. */
describe('identifiers: normalised once, as Kratos does (real Postgres and Kafka)', () => {
  const h = new FlowsHarness();
  let ory: FrontendApi;
  let admin: AdminClient;
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  beforeAll(async () => {
    await h.start({
      IDENTITY_SCHEMAS: JSON.stringify([{ id: 'users', url: `base64://${Buffer.from(JSON.stringify(USERS)).toString('base64')}` }]),
      IDENTITY_DEFAULT_SCHEMA_ID: 'users',
    });
    ory = new FrontendApi(new Configuration({ basePath: h.url }));
    admin = new AdminClient(h);
  });
  afterAll(() => h.stop());

  async function register(username: string, email: string): Promise<{ status: number; body: any }> {
    const { data: flow } = await ory.createNativeRegistrationFlow();
    return h.submit(flow.id, { method: 'password', traits: { username, email }, password: PASSWORD });
  }

  /** The identity a native password login with `identifier` gets a session for (through @ory/client), or the status. */
  async function loginAs(identifier: string): Promise<string | number> {
    const { data: flow } = await ory.createNativeLoginFlow();
    try {
      const { data } = await ory.updateLoginFlow({ flow: flow.id, updateLoginFlowBody: { method: 'password', identifier, password: PASSWORD } });
      return data.session.identity!.id;
    } catch (e) {
      return (e as { response?: { status: number } }).response?.status ?? -1;
    }
  }

  async function identifiers(identityId: string): Promise<string[]> {
    const rows = await h.query<{ identifiers: string[] }>("SELECT identifiers FROM $schema.identity_credentials WHERE identity_id = $1 AND type = 'password'", [identityId]);
    return [...rows[0]!.identifiers].sort();
  }

  it('registers the username Bob@Home, stores it lower-cased, and logs in with it in any case; so does its mixed-case e-mail', async () => {
    const email = `Bob.Builder.${tag}@Example.COM`;
    const { status, body } = await register(`Bob@Home.${tag}`, email);
    expect(status).toBe(200);
    const id = body.identity.id as string;
    expect(body.identity.traits).toEqual({ username: `Bob@Home.${tag}`, email }); // traits stay as given
    for (const identifier of [`Bob@Home.${tag}`, `bob@home.${tag}`, `BOB@HOME.${tag.toUpperCase()}`, `  Bob@Home.${tag} `]) {
      expect([identifier, await loginAs(identifier)]).toEqual([identifier, id]);
    }
    for (const identifier of [email, email.toLowerCase(), email.toUpperCase()]) {
      expect([identifier, await loginAs(identifier)]).toEqual([identifier, id]);
    }
    expect(await loginAs(`Bob@Home.${tag}x`)).toBe(400);
    expect(await identifiers(id)).toEqual([`bob.builder.${tag}@example.com`, `bob@home.${tag}`]);
  });

  it('a username without an @ is case-insensitive too, and the same username in another case is taken (4000007)', async () => {
    const { status, body } = await register(`AdaL${tag}`, `ada.${tag}@example.com`);
    expect(status).toBe(200);
    expect(await loginAs(`adal${tag}`)).toBe(body.identity.id);
    expect(await loginAs(`ADAL${tag.toUpperCase()}`)).toBe(body.identity.id);
    const again = await register(`adal${tag}`, `ada.other.${tag}@example.com`);
    expect(again.status).toBe(400);
    expect(again.body.ui.messages).toEqual([expect.objectContaining({ id: 4000007 })]);
  });

  it('admin create and batch import store the identifiers the same way', async () => {
    const created = await admin.create({ schema_id: 'users', traits: { username: `Carol@Work.${tag}`, email: `Carol.${tag}@Example.com` }, credentials: { password: { config: { password: PASSWORD } } } });
    expect(created.status).toBe(201);
    expect([...created.body.credentials.password.identifiers].sort()).toEqual([`carol.${tag}@example.com`, `carol@work.${tag}`]);
    expect(await loginAs(`CAROL@work.${tag}`)).toBe(created.body.id);
    const patchId = '00000009-0000-4000-8000-000000000001';
    const imported = await admin.call('PATCH', '/admin/identities', {
      identities: [{ patch_id: patchId, create: { schema_id: 'users', traits: { username: `Dan@Lab.${tag}`, email: `dan.${tag}@example.com` }, credentials: { password: { config: { password: PASSWORD } } } } }],
    });
    expect(imported.status).toBe(200);
    const danId = imported.body.identities[0].identity as string;
    expect(await identifiers(danId)).toEqual([`dan.${tag}@example.com`, `dan@lab.${tag}`]);
    expect(await loginAs(`Dan@Lab.${tag}`)).toBe(danId);
  });

  it('recovery and verification find the address whatever its case', async () => {
    const email = `Eve.${tag}@Example.com`;
    const { body } = await register(`eve${tag}`, email);
    const id = body.identity.id as string;
    for (const flowType of ['recovery', 'verification']) {
      const flow = (await (await fetch(`${h.url}/self-service/${flowType}/api`)).json()) as { id: string };
      const res = await fetch(`${h.url}/self-service/${flowType}?flow=${flow.id}`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ method: 'code', email: ` EVE.${tag.toUpperCase()}@EXAMPLE.COM ` }) });
      expect(res.status).toBe(200);
      const sent = await waitFor(
        async () => {
          const found = (await h.topic.readAll()).filter((r) => r.headers.ce_type?.toString().includes(`${flowType}.requested`)).map((r) => JSON.parse(r.value!)).find((d) => d.flow_id === flow.id);
          return found;
        },
        { what: `${flowType}.requested of flow ${flow.id}`, timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(sent).toMatchObject({ identity_id: id, address: email.toLowerCase() });
    }
  });
});

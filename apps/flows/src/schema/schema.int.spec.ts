import { expectKratosShape } from '@gatehouse/testing';
import { FlowsHarness } from '../../test/flows-harness';

describe('identity schemas over HTTP', () => {
  const h = new FlowsHarness();
  const users = { properties: { traits: { type: 'object', properties: { username: { type: 'string', title: 'Username' } } } } };

  beforeAll(() =>
    h.start({ IDENTITY_SCHEMAS: JSON.stringify([{ id: 'users', url: `base64://${Buffer.from(JSON.stringify(users)).toString('base64')}` }]) }),
  );
  afterAll(() => h.stop());

  it('lists every schema with its id', async () => {
    const res = await fetch(`${h.url}/schemas`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as Array<{ id: string; schema: object }>;
    expect(list.map((s) => s.id).sort()).toEqual(['default', 'users']);
    for (const item of list) expectKratosShape('identitySchemaContainer', item);
  });

  it('serves a schema by id and by the encoded id a schema_url carries', async () => {
    const flow = (await (await fetch(`${h.url}/self-service/registration/api`)).json()) as { id: string };
    const { body } = await h.submit(flow.id, { method: 'password', traits: { email: `schema.${Date.now()}@example.com` }, password: 'a long and secret passphrase' });
    const schemaPath = new URL(body.identity.schema_url).pathname;
    const byUrl = await fetch(`${h.url}${schemaPath}`);
    expect(byUrl.status).toBe(200);
    const byId = await fetch(`${h.url}/schemas/default`);
    expect(await byId.json()).toEqual(await byUrl.json());
    expect(await (await fetch(`${h.url}/schemas/users`)).json()).toEqual(users);
  });

  it('answers an unknown schema with a 404 envelope', async () => {
    const res = await fetch(`${h.url}/schemas/nope`);
    expect(res.status).toBe(404);
    expectKratosShape('errorGeneric', await res.json());
  });

  it('creates a registration flow for the schema named by identity_schema, and refuses an unknown one', async () => {
    const flow = (await (await fetch(`${h.url}/self-service/registration/api?identity_schema=users`)).json()) as { ui: { nodes: Array<{ attributes: { name: string } }> } };
    expect(flow.ui.nodes.map((n) => n.attributes.name)).toContain('traits.username');
    expect((await fetch(`${h.url}/self-service/registration/api?identity_schema=nope`)).status).toBe(400);
  });
});

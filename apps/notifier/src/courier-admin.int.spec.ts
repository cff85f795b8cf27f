import { expectKratosShape, identityRegistered, waitFor } from '@gatehouse/testing';
import { NotifierHarness } from '../test/notifier-harness';

interface Message {
  id: string;
  status: string;
  recipient: string;
  created_at: string;
}

/** The URL of rel="<rel>" in a Link header. */
function linkOf(header: string | null, rel: string): string | undefined {
  for (const part of (header ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m && m[2] === rel) return m[1];
  }
  return undefined;
}

describe('admin courier API: GET /admin/courier/messages[/{id}]', () => {
  const h = new NotifierHarness();
  const events = Array.from({ length: 5 }, (_, i) => identityRegistered({ email: `courier-admin-${i}-${Date.now()}@example.org` }));

  beforeAll(async () => {
    await h.start();
    await h.publish(...events);
    await waitFor(async () => (await Promise.all(events.map((e) => h.messageRow(e.id)))).every((r) => r?.status === 'sent'), {
      what: 'five messages to be sent',
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await h.stop();
  });

  it('lists newest first, page by page, following rel="next" until the last page, which has none', async () => {
    const seen: Message[] = [];
    let path: string | undefined = '/admin/courier/messages?page_size=2';
    const pages: number[] = [];
    while (path) {
      const { status, headers, body } = await h.get(path);
      expect(status).toBe(200);
      const items = body as Message[];
      for (const item of items) expectKratosShape('message', item);
      pages.push(items.length);
      seen.push(...items);
      const link = headers.get('link');
      expect(linkOf(link, 'first')).toMatch(/^\/admin\/courier\/messages\?page_token=[A-Za-z0-9_-]+&page_size=2$/);
      path = linkOf(link, 'next');
      if (path) expect(path).toMatch(/^\/admin\/courier\/messages\?page_token=[A-Za-z0-9_-]+&page_size=2$/);
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(new Set(seen.map((m) => m.id)).size).toBe(5);
    const times = seen.map((m) => Date.parse(m.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('the rel="first" link leads back to the first page', async () => {
    const first = await h.get('/admin/courier/messages?page_size=2');
    const again = await h.get(linkOf(first.headers.get('link'), 'first')!);
    expect(again.body).toEqual(first.body);
  });

  it('uses Kratos\'s courier default page size (10): one page, no rel="next"', async () => {
    const { body, headers } = await h.get('/admin/courier/messages');
    expect(body).toHaveLength(5);
    expect(linkOf(headers.get('link'), 'first')).toContain('page_size=10');
    expect(linkOf(headers.get('link'), 'next')).toBeUndefined();
  });

  it('filters by recipient and by status, and keeps the filters in the links', async () => {
    const email = events[3].data.verification!.address;
    const byRecipient = await h.get(`/admin/courier/messages?recipient=${encodeURIComponent(email)}`);
    expect((byRecipient.body as Message[]).map((m) => m.recipient)).toEqual([email]);
    expect(linkOf(byRecipient.headers.get('link'), 'first')).toContain(`recipient=${encodeURIComponent(email)}`);

    const sent = await h.get('/admin/courier/messages?status=sent&page_size=3');
    expect((sent.body as Message[]).every((m) => m.status === 'sent')).toBe(true);
    const next = linkOf(sent.headers.get('link'), 'next')!;
    expect(next).toContain('status=sent');
    expect((await h.get(next)).body).toHaveLength(2);

    expect((await h.get('/admin/courier/messages?status=queued')).body).toEqual([]);
    expect((await h.get('/admin/courier/messages?recipient=nobody%40example.org')).body).toEqual([]);
  });

  it('gets one message by id; the path without /admin is the same route (Kratos\'s admin rewrite)', async () => {
    const row = (await h.messageRow(events[0].id))!;
    const one = await h.get(`/admin/courier/messages/${String(row.id)}`);
    expect(one.status).toBe(200);
    expectKratosShape('message', one.body);
    expect((await h.get(`/courier/messages/${String(row.id)}`)).body).toEqual(one.body);
  });

  it.each([
    ['an unknown id', '/admin/courier/messages/6b1f1c36-3b0e-4b7e-9a57-0d9c3b2f4e11'],
    ['a malformed id', '/admin/courier/messages/not-a-uuid'],
  ])('answers %s with 404 in Kratos\'s envelope', async (_what, path) => {
    const { status, body } = await h.get(path);
    expect(status).toBe(404);
    expectKratosShape('errorGeneric', body);
    expect(body).toMatchObject({ error: { code: 404, status: 'Not Found' } });
  });

  it.each([
    ['an unknown status', 'status=failed'],
    ['a crafted page token', 'page_token=bm90LWpzb24'],
    ['a page_size of 0', 'page_size=0'],
    ['a page_size that is no number', 'page_size=ten'],
  ])('answers %s with 400 in Kratos\'s envelope', async (_what, query) => {
    const { status, body } = await h.get(`/admin/courier/messages?${query}`);
    expect(status).toBe(400);
    expectKratosShape('errorGeneric', body);
    expect(body).toMatchObject({ error: { code: 400, status: 'Bad Request' } });
  });
});

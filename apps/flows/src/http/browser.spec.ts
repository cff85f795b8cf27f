import { KratosError } from '@gatehouse/contracts';
import { Csrf, mask, unmask } from '../security/csrf';
import { answer } from './answer';
import { Client, isJsonRequest } from './client';
import { checkReturnTo } from './return-to';

const client = (over: Partial<Client> = {}): Client => ({ json: false, requestUrl: 'http://x/', cookies: {}, hasCookieHeader: false, hasOrigin: false, api: false, ...over });

describe('browser or JSON (Kratos x.IsJSONRequest)', () => {
  it.each([
    ['application/json', undefined, true],
    ['application/json, text/plain, */*', undefined, true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', undefined, false],
    ['*/*', undefined, false],
    [undefined, undefined, false],
    ['text/html;q=0.5, application/json', undefined, true],
    [undefined, 'application/json; charset=utf-8', true],
    ['*/*', 'application/x-www-form-urlencoded', false],
  ])('Accept %s, Content-Type %s → JSON %s', (accept, contentType, json) => {
    expect(isJsonRequest(accept, contentType)).toBe(json);
  });
});

describe('answers', () => {
  it('redirects browsers and answers JSON clients', () => {
    expect(answer.flow(client(), 400, { id: 'f1' }, 'http://ui/login')).toEqual({ status: 303, location: 'http://ui/login?flow=f1', cookies: [] });
    expect(answer.flow(client({ json: true }), 400, { id: 'f1' }, 'http://ui/login')).toEqual({ status: 400, body: { id: 'f1' }, cookies: [] });
    expect(answer.success(client(), { s: 1 }, 'http://ui/', ['c'])).toEqual({ status: 303, location: 'http://ui/', cookies: ['c'] });
    const error = new KratosError(400, { id: 'session_already_available' });
    expect(answer.redirectOrFail(client({ json: true }), 'http://ui/', error)).toMatchObject({ status: 400, body: { error: { id: 'session_already_available' } } });
  });
});

describe('return_to allow-list', () => {
  const allowed = ['https://app.example.com/welcome', 'http://127.0.0.1:4455/', 'https://*.example.org/'];
  it.each([
    ['https://app.example.com/welcome/x?y=1', true],
    ['https://APP.example.com/welcome', true],
    ['https://app.example.com/other', false],
    ['http://app.example.com/welcome', false],
    ['https://evil.example.com/welcome', false],
    ['https://a.b.example.org/x', true],
    ['/dashboard', true],
    ['javascript:alert(1)', false],
  ])('%s → %s', (returnTo, ok) => {
    const check = () => checkReturnTo(returnTo, allowed, 'http://127.0.0.1:4455/');
    if (ok) expect(check()).toBeDefined();
    else expect(check).toThrow(expect.objectContaining({ code: 400, body: expect.objectContaining({ id: 'self_service_flow_return_to_forbidden' }) }));
  });
});

describe('CSRF', () => {
  const csrf = new Csrf({ publicBaseUrl: 'http://foo.com/bar', secrets: ['a secret of sixteen chars'], cookie: { path: '/' } });

  it("names the cookie as Kratos does: csrf_token_ + hex(sha256(public base URL))", () => {
    expect(csrf.cookieName).toMatch(/^csrf_token_01c86631[0-9a-f]{51}fd32f$/);
  });

  it('masks differently every time and unmasks to the token', () => {
    const { token, masked, setCookie } = csrf.ensure(client());
    expect(setCookie).toContain('HttpOnly');
    expect(mask(token)).not.toBe(masked);
    expect(unmask(masked)?.toString('base64')).toBe(token);
  });

  it('verifies a submit against the cookie and the flow it was created with', () => {
    const first = csrf.ensure(client());
    const browser = client({ cookies: { [csrf.cookieName]: first.token }, hasCookieHeader: true });
    expect(csrf.ensure(browser).setCookie).toBeUndefined();
    expect(() => csrf.verifySubmit(browser, first.digest, csrf.maskedFor(browser))).not.toThrow();
    expect(() => csrf.verifySubmit(browser, first.digest, undefined)).toThrow(expect.objectContaining({ code: 403 }));
    expect(() => csrf.verifySubmit(client(), first.digest, first.masked)).toThrow(expect.objectContaining({ code: 403 }));
    const other = csrf.ensure(client());
    expect(() => csrf.verifySubmit(browser, other.digest, first.masked)).toThrow(expect.objectContaining({ code: 403 }));
  });
});

import { identityTarget } from './identity-routing';

const ID = '6f9b6c2e-3f0a-4c51-9f3e-0d5c8f1d2a11';

describe('identityTarget', () => {
  it.each([
    ['GET', '/admin/identities?page_size=2', { service: 'identity' }],
    ['GET', `/admin/identities/${ID}`, { service: 'identity' }],
    ['GET', `/admin/identities/by/external/ext-1`, { service: 'identity' }],
    ['GET', `/admin/identities?include_credential=password`, { service: 'identity' }],
    ['GET', `/admin/identities/${ID}?include_credential=password`, { service: 'flows', write: false }],
    ['GET', `/admin/identities/${ID}/sessions?active=true`, { service: 'flows', write: false }],
    ['DELETE', `/admin/identities/${ID}/sessions`, { service: 'flows', write: false }],
    ['GET', `/admin/identities/${ID}/events?page_size=10`, { service: 'flows', write: false }],
    ['POST', '/admin/identities', { service: 'flows', write: true }],
    ['PATCH', '/admin/identities', { service: 'flows', write: true }],
    ['PUT', `/admin/identities/${ID}`, { service: 'flows', write: true }],
    ['PATCH', `/admin/identities/${ID}`, { service: 'flows', write: true }],
    ['DELETE', `/admin/identities/${ID}`, { service: 'flows', write: true }],
    ['DELETE', `/admin/identities/${ID}/credentials/password`, { service: 'flows', write: true }],
  ])('%s %s → %j', (method, url, target) => {
    expect(identityTarget(method, url)).toEqual(target);
  });
});

import { KratosError } from '@gatehouse/contracts';
import { applyIdentityPatch, deniedPath } from './identity-patch';

const doc = {
  id: '7d0c1f4e-0000-4000-8000-000000000001',
  state: 'active',
  state_changed_at: '2026-11-29T10:00:00.000Z',
  traits: { email: 'ada@example.com' },
  metadata_public: null,
  credentials: { password: { type: 'password', identifiers: ['ada@example.com'], config: { hashed_password: '$2b$04$secretsecretsecretsecretsecretsecretsecretsecretsecre' } } },
  created_at: '2026-11-29T10:00:00.000Z',
  updated_at: '2026-11-29T10:00:00.000Z',
};

function refusal(body: unknown): KratosError {
  try {
    applyIdentityPatch(doc, body);
  } catch (e) {
    if (e instanceof KratosError) return e;
    throw e;
  }
  throw new Error('the patch was applied');
}

describe('JSON Patch of the admin identity JSON', () => {
  it('denies Kratos\'s paths (and the timestamps), case-insensitively, wherever they appear in the list', () => {
    const denied = ['/id', '/stateChangedAt', '/statechangedat', '/state_changed_at', '/credentials', '/credentials/oidc', '/credentials/oidc/config/providers/0', '/credentials/saml', '/credentials/SAML/x', '/created_at', '/updated_at', '/ID'];
    for (const path of denied) expect([path, deniedPath([{ op: 'test', path: '/traits', value: {} }, { op: 'replace', path, value: 1 }])]).toEqual([path, path]);
    const allowed = ['/traits/email', '/state', '/metadata_admin', '/credentials/password/config/hashed_password', '/identifier', '/credentialsx', '/credentials/oidcx', '/verifiable_addresses/0/verified'];
    for (const path of allowed) expect([path, deniedPath([{ op: 'replace', path, value: 1 }])]).toEqual([path, undefined]);
    expect(deniedPath([{ op: 'move', from: '/id', path: '/traits/id' }])).toBe('/id');
    expect(deniedPath([{ op: 'copy', from: '/id', path: '/traits/id' }])).toBeUndefined();
  });

  it('answers a denied path with Kratos\'s 400 naming it, before anything is applied', () => {
    const e = refusal([{ op: 'replace', path: '/traits/email', value: 'x@example.com' }, { op: 'remove', path: '/credentials' }]);
    expect(e.toEnvelope()).toEqual({
      error: { code: 400, status: 'Bad Request', reason: 'An error occured when applying the JSON patch: patch includes denied path: /credentials', message: 'patch includes denied path: /credentials' },
    });
  });

  it('applies to a copy; a failing op is a 400 that never shows the document', () => {
    const patched = applyIdentityPatch(doc, [{ op: 'replace', path: '/traits/email', value: 'grace@example.com' }, { op: 'add', path: '/metadata_public', value: { a: 1 } }]);
    expect(patched).toMatchObject({ traits: { email: 'grace@example.com' }, metadata_public: { a: 1 } });
    expect(doc.traits.email).toBe('ada@example.com');
    for (const body of [[{ op: 'test', path: '/traits/email', value: 'x' }], [{ op: 'replace', path: '/traits/missing', value: 1 }], [{ op: 'add', path: '/traits/x' }]]) {
      const e = refusal(body);
      expect(e.code).toBe(400);
      expect(e.message).toMatch(/^failed to apply JSON patch: /);
      expect(JSON.stringify(e.toEnvelope())).not.toContain('secret');
    }
    expect(refusal([{ op: 'test', path: '/traits/email', value: 'x' }]).message).toContain('TEST_OPERATION_FAILED');
  });

  it('refuses what is not a JSON Patch', () => {
    for (const body of [{ op: 'replace' }, [null], [{ op: 'merge', path: '/traits' }], [{ op: 'replace', value: 1 }], [{ op: 'move', path: '/traits/a' }], [{ op: 'add', path: '/__proto__/polluted', value: 1 }]]) {
      expect(refusal(body).code).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

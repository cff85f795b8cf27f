import { randomBytes } from 'node:crypto';
import { lookupCodeDigest, LookupSecretConfig } from '../../identity/credential-configs';
import type { Credentials } from '../strategy';
import { LOOKUP_CODE_COUNT, lookupCode, lookupCodes } from './lookup-codes';
import { claimsLookupSettings, decideLookupSettings, LookupSettingsState, readLookupSecret, useLookupSecret } from './lookup-secret.decide';

const IDENTITY = '5b2c9a61-8d0e-4c7a-9f3e-1a2b3c4d5e6f';
const FLOW = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const SESSION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = new Date('2026-12-01T10:00:00.400Z');
const CODES = Array.from({ length: LOOKUP_CODE_COUNT }, (_, i) => `code${String(i).padStart(4, '0')}`);
const SALT = 'c2FsdHNhbHRzYWx0c2FsdA';

function state(over: Partial<LookupSettingsState> = {}): LookupSettingsState {
  const fresh = { codes: () => CODES.map((c) => c.toUpperCase()), salt: () => SALT };
  return { identityId: IDENTITY, flowId: FLOW, sessionId: SESSION, now: NOW, stored: null, pending: null, fresh, ...over };
}

const STORED: LookupSecretConfig = { salt: SALT, codes: CODES.map((c, i) => ({ digest: lookupCodeDigest(SALT, c), ...(i === 1 ? { used_at: '2026-11-30T08:00:00.000Z' } : {}) })) };
const credentials = (config: LookupSecretConfig = STORED): Credentials => ({ lookup_secret: { identifiers: [IDENTITY], config: { ...config } } });
const ids = { identity_id: IDENTITY, type: 'lookup_secret', flow_id: FLOW, session_id: SESSION };

describe('lookup codes', () => {
  it('are 12 distinct codes of 8 characters from a-z and 0-9, as Kratos', () => {
    const codes = lookupCodes(randomBytes);
    expect(codes).toHaveLength(12);
    expect(new Set(codes).size).toBe(12);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{8}$/);
  });

  it('skip the bytes that would bias the alphabet (252 and above)', () => {
    let call = 0;
    const random = (n: number) => Buffer.from(call++ === 0 ? [255, 0, 252, 1, 35, 36, 71, 253] : Array(n).fill(2));
    expect(lookupCode(random)).toBe('ab9a9ccc');
  });

  it('refuse a random source that repeats itself', () => {
    expect(() => lookupCodes((n) => Buffer.alloc(n))).toThrow(/repeats itself/);
  });
});

describe('the lookup_secret settings decider', () => {
  it('regenerate: new codes for the flow to show, no change yet', () => {
    expect(decideLookupSettings({ lookup_secret_regenerate: 'true' }, state())).toEqual({ internal: { pending: CODES.map((c) => c.toUpperCase()) } });
    expect(decideLookupSettings({ lookup_secret_regenerate: true }, state({ stored: STORED }))).toMatchObject({ internal: { pending: expect.any(Array) } });
  });

  it('confirm: FactorAdded, the codes as salted digests only, a notice, the flow state cleared', () => {
    const result = decideLookupSettings({ lookup_secret_confirm: 'true' }, state({ pending: CODES }));
    expect(result).toEqual({
      change: {
        events: [{ type: 'FactorAdded', version: 1, data: { ...ids, identifiers: [IDENTITY], added_at: NOW.toISOString() } }],
        configs: { lookup_secret: { salt: SALT, codes: CODES.map((c) => ({ digest: lookupCodeDigest(SALT, c) })) } },
        notice: { notice: 'factor_added', factor: 'lookup_secret' },
      },
      internal: null,
    });
    const serialized = JSON.stringify(result.change);
    for (const c of CODES) expect(serialized).not.toContain(c);
  });

  it('confirm without codes to confirm is refused as Kratos (4000001 on the form)', () => {
    for (const pending of [null, CODES.slice(1)]) {
      expect(decideLookupSettings({ lookup_secret_confirm: 'true' }, state({ pending }))).toEqual({
        form: [{ id: 4000001, text: 'You must (re-)generate recovery backup codes before you can save them.', type: 'error', context: { reason: 'You must (re-)generate recovery backup codes before you can save them.' } }],
      });
    }
  });

  it('reveal: the stored codes are shown (their states); without codes it is refused as Kratos', () => {
    expect(decideLookupSettings({ lookup_secret_reveal: 'true' }, state({ stored: STORED }))).toEqual({ internal: { revealed: true } });
    expect(decideLookupSettings({ lookup_secret_reveal: 'true' }, state())).toEqual({
      form: [expect.objectContaining({ id: 4000001, text: 'Can not reveal lookup codes because you have none.' })],
    });
  });

  it('disable: FactorRemoved with no identifiers left and a notice; without codes 4000014', () => {
    expect(decideLookupSettings({ lookup_secret_disable: 'true' }, state({ stored: STORED }))).toEqual({
      change: {
        events: [{ type: 'FactorRemoved', version: 1, data: { ...ids, remaining_identifiers: [], removed_at: NOW.toISOString() } }],
        notice: { notice: 'factor_removed', factor: 'lookup_secret' },
      },
      internal: null,
    });
    expect(decideLookupSettings({ lookup_secret_disable: 'true' }, state())).toEqual({ form: [{ id: 4000014, text: 'You have no backup recovery codes set up.', type: 'error' }] });
  });

  it("takes the buttons in Kratos's order (confirm, reveal, disable, regenerate); none of them is no strategy", () => {
    const all = { lookup_secret_confirm: 'true', lookup_secret_reveal: 'true', lookup_secret_disable: 'true', lookup_secret_regenerate: 'true' };
    expect(decideLookupSettings(all, state({ pending: CODES, stored: STORED })).change?.events[0].type).toBe('FactorAdded');
    expect(decideLookupSettings({ ...all, lookup_secret_confirm: 'false' }, state({ stored: STORED }))).toEqual({ internal: { revealed: true } });
    expect(decideLookupSettings({ method: 'lookup_secret' }, state())).toEqual({ form: [expect.objectContaining({ id: 4010004 })] });
    expect([claimsLookupSettings({ lookup_secret_reveal: 'true' }), claimsLookupSettings({ method: 'lookup_secret' }), claimsLookupSettings({ method: 'totp' })]).toEqual([true, true, false]);
  });
});

describe('a lookup_secret second factor', () => {
  const ctx = { identityId: IDENTITY, flowId: FLOW, now: NOW };

  it('reads lookup_secret (required, 4000002)', () => {
    expect(readLookupSecret({ lookup_secret: ' ' })).toEqual({ fields: [{ node: 'lookup_secret', message: expect.objectContaining({ id: 4000002 }) }] });
    expect(readLookupSecret({ lookup_secret: 'code0000' })).toEqual({ code: 'code0000' });
  });

  it('an unused code is spent: FactorUsed with the codes left (not the code), used_at to the second', () => {
    const result = useLookupSecret(credentials(), 'code0003', ctx);
    const codes = STORED.codes.map((c, i) => (i === 3 ? { ...c, used_at: '2026-12-01T10:00:00.000Z' } : c));
    expect(result).toEqual({
      used: {
        events: [{ type: 'FactorUsed', version: 1, data: { identity_id: IDENTITY, type: 'lookup_secret', flow_id: FLOW, remaining_codes: 10, used_at: NOW.toISOString() } }],
        configs: { lookup_secret: { salt: SALT, codes } },
      },
    });
    expect(JSON.stringify(result)).not.toContain('code0003');
  });

  it('codes are read as people type them: case and spaces do not matter', () => {
    expect(useLookupSecret(credentials(), 'CODE 0003', ctx)).toMatchObject({ used: { events: [{ data: { remaining_codes: 10 } }] } });
  });

  it('a used code is 4000012, an unknown one 4000016, on the lookup_secret node', () => {
    expect(useLookupSecret(credentials(), 'code0001', ctx)).toEqual({
      refused: [{ node: 'lookup_secret', message: { id: 4000012, text: 'This backup recovery code has already been used.', type: 'error' } }],
    });
    expect(useLookupSecret(credentials(), 'nonsense', ctx)).toEqual({
      refused: [{ node: 'lookup_secret', message: { id: 4000016, text: 'The backup recovery code is not valid.', type: 'error' } }],
    });
  });

  it('a code spent once is refused the second time', () => {
    const first = useLookupSecret(credentials(), 'code0005', ctx);
    if (!('used' in first)) throw new Error('expected the code to be used');
    const after = credentials(first.used.configs?.lookup_secret as unknown as LookupSecretConfig);
    expect(useLookupSecret(after, 'code0005', ctx)).toEqual({ refused: [{ node: 'lookup_secret', message: expect.objectContaining({ id: 4000012 }) }] });
  });

  it('without codes it is 4000014 on the form', () => {
    expect(useLookupSecret({}, 'code0000', ctx)).toEqual({ refused: [{ message: expect.objectContaining({ id: 4000014 }) }] });
  });
});

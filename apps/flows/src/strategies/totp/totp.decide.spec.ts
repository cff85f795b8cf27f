import type { Credentials } from '../strategy';
import { base32Encode, hotp, timeStep } from './hotp';
import { totpUrl } from './otpauth';
import { claimsTotpSettings, decideTotpSettings, linkedTotp, readTotpCode, TotpSettingsState, verifyTotp } from './totp.decide';

const IDENTITY = '5b2c9a61-8d0e-4c7a-9f3e-1a2b3c4d5e6f';
const FLOW = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const SESSION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = new Date('2026-12-01T10:00:00.000Z');
const STEP = timeStep(NOW);
const SEED = Buffer.from('0123456789abcdefghij');
const SECRET = base32Encode(SEED);
const URL = totpUrl({ issuer: 'id.example.com', accountName: IDENTITY, secret: SECRET });
const code = (step: number) => hotp(SEED, step);

function state(over: Partial<TotpSettingsState> = {}): TotpSettingsState {
  return { identityId: IDENTITY, flowId: FLOW, sessionId: SESSION, now: NOW, linked: null, pending: { secret: SECRET, url: URL, qr: 'data:image/png;base64,AAAA' }, ...over };
}

const linked = (lastStep?: number): Credentials => ({ totp: { identifiers: [IDENTITY], config: { totp_url: URL, ...(lastStep !== undefined ? { last_step: lastStep } : {}) } } });

describe('the totp settings decider', () => {
  it('links the pending seed with a code of it: FactorAdded (no secret in it), the config with the step, a notice, the seed cleared', () => {
    const result = decideTotpSettings({ method: 'totp', totp_code: code(STEP) }, state());
    expect(result).toEqual({
      change: {
        events: [{ type: 'FactorAdded', version: 1, data: { identity_id: IDENTITY, type: 'totp', flow_id: FLOW, session_id: SESSION, identifiers: [IDENTITY], added_at: NOW.toISOString() } }],
        configs: { totp: { totp_url: URL, last_step: STEP } },
        notice: { notice: 'factor_added', factor: 'totp' },
      },
      internal: null,
    });
    expect(JSON.stringify(result.change?.events)).not.toContain(SECRET);
  });

  it('accepts a code one step either side (the step it belongs to is recorded), refuses two steps away', () => {
    expect(decideTotpSettings({ method: 'totp', totp_code: code(STEP - 1) }, state()).change?.configs).toEqual({ totp: { totp_url: URL, last_step: STEP - 1 } });
    expect(decideTotpSettings({ method: 'totp', totp_code: code(STEP + 1) }, state()).change?.configs).toEqual({ totp: { totp_url: URL, last_step: STEP + 1 } });
    for (const step of [STEP - 2, STEP + 2]) {
      expect(decideTotpSettings({ method: 'totp', totp_code: code(step) }, state())).toEqual({ fields: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000008 }) }] });
    }
  });

  it('a wrong code is 4000008 on totp_code and keeps the seed; a missing one is 4000002', () => {
    const wrong = decideTotpSettings({ method: 'totp', totp_code: '000000' === code(STEP) ? '111111' : '000000' }, state());
    expect(wrong).toEqual({
      fields: [{ node: 'totp_code', message: { id: 4000008, text: 'The provided authentication code is invalid, please try again.', type: 'error' } }],
    });
    expect('internal' in wrong).toBe(false);
    for (const input of [{ method: 'totp' }, { method: 'totp', totp_code: '  ' }, { method: 'totp', totp_code: 123456 }]) {
      expect(decideTotpSettings(input, state())).toEqual({
        fields: [{ node: 'totp_code', message: { id: 4000002, text: 'Property totp_code is missing.', type: 'error', context: { property: 'totp_code' } } }],
      });
    }
  });

  it('without a seed (none prepared, or it no longer opens) it refuses on the form and drops the state', () => {
    expect(decideTotpSettings({ method: 'totp', totp_code: code(STEP) }, state({ pending: null }))).toEqual({
      form: [expect.objectContaining({ id: 4000001, type: 'error' })],
      internal: null,
    });
  });

  it('unlinks a linked app: FactorRemoved with no identifiers left and a notice', () => {
    for (const unlink of [true, 'true']) {
      expect(decideTotpSettings({ totp_unlink: unlink }, state({ linked: { totp_url: URL } }))).toEqual({
        change: {
          events: [{ type: 'FactorRemoved', version: 1, data: { identity_id: IDENTITY, type: 'totp', flow_id: FLOW, session_id: SESSION, remaining_identifiers: [], removed_at: NOW.toISOString() } }],
          notice: { notice: 'factor_removed', factor: 'totp' },
        },
      });
    }
  });

  it('refuses an unlink without an app (4000011) and a link when one is linked', () => {
    expect(decideTotpSettings({ method: 'totp', totp_unlink: 'true' }, state())).toEqual({
      form: [{ id: 4000011, text: 'You have no TOTP device set up.', type: 'error' }],
    });
    expect(decideTotpSettings({ method: 'totp', totp_code: code(STEP) }, state({ linked: { totp_url: URL } }))).toEqual({
      form: [expect.objectContaining({ id: 4000001, type: 'error' })],
    });
  });

  it('claims method=totp and the unlink button (which names no method)', () => {
    expect([claimsTotpSettings({ method: 'totp' }), claimsTotpSettings({ totp_unlink: 'true' }), claimsTotpSettings({ method: 'password' }), claimsTotpSettings({ totp_unlink: 'false' })]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('a totp second factor', () => {
  const ctx = { identityId: IDENTITY, flowId: FLOW, now: NOW };

  it('reads totp_code: required (4000002), at least 6 characters (4000003)', () => {
    expect(readTotpCode({})).toEqual({ fields: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000002 }) }] });
    expect(readTotpCode({ totp_code: '123' })).toEqual({ fields: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000003 }) }] });
    expect(readTotpCode({ totp_code: ' 123456 ' })).toEqual({ code: '123456' });
  });

  it('a code of the credential is FactorUsed and spends its step (last_step), without the code in the event', () => {
    const result = verifyTotp(linked(), code(STEP), ctx);
    expect(result).toEqual({
      used: {
        events: [{ type: 'FactorUsed', version: 1, data: { identity_id: IDENTITY, type: 'totp', flow_id: FLOW, used_at: NOW.toISOString() } }],
        configs: { totp: { totp_url: URL, last_step: STEP } },
      },
    });
    expect(JSON.stringify('used' in result && result.used.events)).not.toContain(code(STEP));
  });

  it('refuses a replay: a code of the last accepted step or an earlier one (4000008 on totp_code)', () => {
    const refused = { refused: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000008 }) }] };
    expect(verifyTotp(linked(STEP), code(STEP), ctx)).toEqual(refused);
    expect(verifyTotp(linked(STEP), code(STEP - 1), ctx)).toEqual(refused);
    expect(verifyTotp(linked(STEP - 1), code(STEP), ctx)).toMatchObject({ used: { configs: { totp: { last_step: STEP } } } });
    // the next code in the window is still good after the current one was spent
    expect(verifyTotp(linked(STEP), code(STEP + 1), ctx)).toMatchObject({ used: { configs: { totp: { last_step: STEP + 1 } } } });
  });

  it('accepts one step of skew either side, refuses two', () => {
    expect(verifyTotp(linked(), code(STEP - 1), ctx)).toMatchObject({ used: { configs: { totp: { last_step: STEP - 1 } } } });
    expect(verifyTotp(linked(), code(STEP + 1), ctx)).toMatchObject({ used: { configs: { totp: { last_step: STEP + 1 } } } });
    expect(verifyTotp(linked(), code(STEP - 2), ctx)).toEqual({ refused: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000008 }) }] });
    expect(verifyTotp(linked(), code(STEP + 2), ctx)).toEqual({ refused: [{ node: 'totp_code', message: expect.objectContaining({ id: 4000008 }) }] });
  });

  it('without a usable totp credential it is 4000011 on the form', () => {
    for (const credentials of [{}, { totp: { identifiers: [IDENTITY], config: { totp_url: 'nonsense' } } }]) {
      expect(verifyTotp(credentials, code(STEP), ctx)).toEqual({ refused: [{ message: expect.objectContaining({ id: 4000011 }) }] });
    }
    expect(linkedTotp({ totp: { identifiers: [], config: { totp_url: URL, last_step: 'x' } } })).toEqual({ totp_url: URL });
  });
});

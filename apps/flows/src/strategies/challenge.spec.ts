import { openCode } from '@gatehouse/contracts';
import { codeMatches } from '../verification/verification-code';
import { CodeStrategy } from './code/code.strategy';
import { LinkStrategy } from './link/link.strategy';

const secrets = { cipher: ['c'.repeat(32)], default: ['d'.repeat(16)] };
const code = new CodeStrategy({ secrets, lifespanMs: 600_000 }).submit;
const link = new LinkStrategy({ secrets, lifespanMs: 3_600_000 }).submit;

describe('the code and link methods of verification and recovery', () => {
  it('read an email (normalized for the lookup) as a request to send a secret', () => {
    expect(code.verification.read({ method: 'code', email: ' Ada@Example.COM ' })).toEqual({ accepted: { address: 'ada@example.com' } });
    expect(link.recovery.read({ method: 'link', email: 'ada@example.com' })).toEqual({ accepted: { address: 'ada@example.com' } });
  });

  it('read a typed code only with the code method', () => {
    expect(code.recovery.read({ method: 'code', code: '123456' })).toEqual({ accepted: { secret: '123456' } });
    expect(link.recovery.read({ method: 'link', code: '123456' })).toEqual({ fields: [{ node: 'email', message: expect.objectContaining({ id: 4000002 }) }] });
  });

  it('refuse a missing (4000002) or malformed (4000001) email on the email node', () => {
    expect(code.verification.read({ method: 'code' })).toEqual({ fields: [{ node: 'email', message: expect.objectContaining({ id: 4000002 }) }] });
    expect(code.verification.read({ method: 'code', email: 'not-an-email' })).toEqual({ fields: [{ node: 'email', message: expect.objectContaining({ id: 4000001 }) }] });
  });

  it("issue a 6-digit code or a link token bound to the flow, expiring after the method's lifespan", () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const flowId = '00000000-0000-4000-8000-000000000001';
    const c = code.verification.issue(flowId, now);
    const mailed = openCode(c.issued.sealed, secrets.cipher);
    expect(mailed).toMatch(/^\d{6}$/);
    expect(codeMatches(mailed, flowId, c.issued.digest, secrets.default[0])).toBe(true);
    expect(c.expiresAt.getTime() - now.getTime()).toBe(600_000);
    const l = link.recovery.issue(flowId, now);
    expect(openCode(l.issued.sealed, secrets.cipher)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(l.expiresAt.getTime() - now.getTime()).toBe(3_600_000);
  });
});

import { afterDispatch, canClaim, isFinal, isMessageStatus } from './message-status';

describe('courier message status (pure transitions)', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('knows Kratos\'s four states', () => {
    expect(['queued', 'processing', 'sent', 'abandoned'].every(isMessageStatus)).toBe(true);
    expect(isMessageStatus('failed')).toBe(false);
    expect(isMessageStatus(undefined)).toBe(false);
  });

  it('sent and abandoned are final', () => {
    expect([isFinal('queued'), isFinal('processing'), isFinal('sent'), isFinal('abandoned')]).toEqual([false, false, true, true]);
  });

  it('a worker claims a queued message, or a processing one whose lease lapsed; never a final one', () => {
    expect(canClaim('queued', null, now)).toBe(true);
    expect(canClaim('processing', new Date(now.getTime() + 1), now)).toBe(false);
    expect(canClaim('processing', new Date(now.getTime()), now)).toBe(true);
    expect(canClaim('processing', null, now)).toBe(true);
    expect(canClaim('sent', null, now)).toBe(false);
    expect(canClaim('abandoned', null, now)).toBe(false);
  });

  it('a success sends; a failure queues again until send_count > message_retries, then abandons', () => {
    expect(afterDispatch(1, 2, { ok: true })).toBe('sent');
    expect(afterDispatch(1, 2, { ok: false })).toBe('queued');
    expect(afterDispatch(2, 2, { ok: false })).toBe('queued');
    expect(afterDispatch(3, 2, { ok: false })).toBe('abandoned');
    expect(afterDispatch(1, 0, { ok: false })).toBe('abandoned');
    expect(afterDispatch(6, 5, { ok: true })).toBe('sent');
  });

  it('abandons at once on an unrecoverable failure or when the queue gives up', () => {
    expect(afterDispatch(1, 5, { ok: false, unrecoverable: true })).toBe('abandoned');
    expect(afterDispatch(1, 5, { ok: false, lastAttempt: true })).toBe('abandoned');
  });
});

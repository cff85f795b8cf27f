import { decideSend, LEASE_MARGIN_MS } from './send-decision';

const now = 10_000;
const leaseUntil = new Date(now + 5_000);

describe('decideSend', () => {
  it('skips a message that is already sent or abandoned', () => {
    expect(decideSend({ kind: 'final', status: 'sent' }, now)).toEqual({ action: 'skip', status: 'sent' });
    expect(decideSend({ kind: 'final', status: 'abandoned' }, now)).toEqual({ action: 'skip', status: 'abandoned' });
  });

  it('sends fresh when no earlier attempt marked the send started', () => {
    expect(decideSend({ kind: 'claimed', messageId: 'm', sendCount: 0, leaseUntil, sendStarted: false }, now)).toEqual({ action: 'send', messageId: 'm', possibleDuplicate: false });
    // a failed attempt clears the mark when its dispatch is recorded: the retry is not a duplicate
    expect(decideSend({ kind: 'claimed', messageId: 'm', sendCount: 2, leaseUntil, sendStarted: false }, now)).toMatchObject({ possibleDuplicate: false });
  });

  it('resends as a possible duplicate when an earlier attempt marked the send started and recorded nothing', () => {
    expect(decideSend({ kind: 'claimed', messageId: 'm', sendCount: 0, leaseUntil, sendStarted: true }, now)).toEqual({ action: 'send', messageId: 'm', possibleDuplicate: true });
  });

  it('waits for the end of another worker’s lease, a little past it', () => {
    expect(decideSend({ kind: 'busy', lockedUntil: new Date(now + 3_000) }, now)).toEqual({ action: 'wait', at: now + 3_000 + LEASE_MARGIN_MS });
    // a lease that has just lapsed (or none): try again at once
    expect(decideSend({ kind: 'busy', lockedUntil: new Date(now - 1) }, now)).toEqual({ action: 'wait', at: now + LEASE_MARGIN_MS });
    expect(decideSend({ kind: 'busy', lockedUntil: null }, now)).toEqual({ action: 'wait', at: now + LEASE_MARGIN_MS });
  });

  it('sends without recording when there is no courier message', () => {
    expect(decideSend({ kind: 'missing' }, now)).toEqual({ action: 'send-untracked' });
  });
});

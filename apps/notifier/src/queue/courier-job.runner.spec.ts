import { UnrecoverableError } from 'bullmq';
import { identityRegistered } from '@gatehouse/testing';
import type { Claim } from '../courier/send-decision';
import { afterDispatch, AttemptOutcome } from '../courier/message-status';
import { verificationCodeJob } from '../reactors/verification-code.reactor';
import { CourierJobRunner, CourierLedger, MessageBusyError, QueuedJob } from './courier-job.runner';

const policy = { retries: 2, backoffMs: 100 };

function queuedJob(attemptsMade = 0): QueuedJob {
  const spec = verificationCodeJob(identityRegistered(), policy, new Date())!;
  return { id: spec.opts.jobId, data: spec.data, attemptsMade, opts: { attempts: spec.opts.attempts } };
}

/** An in-memory ledger with the projection's rules, to drive the runner. */
function ledger(claim: Claim): CourierLedger & { dispatches: Array<AttemptOutcome & { error?: string }>; status?: string; marks: boolean[]; events: string[] } {
  const state = {
    dispatches: [] as Array<AttemptOutcome & { error?: string }>,
    status: undefined as string | undefined,
    /** possibleDuplicate of each markSendStarted call */
    marks: [] as boolean[],
    events: [] as string[],
    claim: async () => claim,
    markSendStarted: async (_id: string, _lease: Date, possibleDuplicate: boolean) => {
      state.marks.push(possibleDuplicate);
      state.events.push('mark');
    },
    recordDispatch: async (_id: string, outcome: AttemptOutcome & { error?: string }, retries: number) => {
      state.dispatches.push(outcome);
      state.events.push('dispatch');
      const status = afterDispatch((claim.kind === 'claimed' ? claim.sendCount : 0) + 1, retries, outcome);
      state.status = status;
      return status;
    },
  };
  return state;
}

const worker = 'test-worker';
const fresh = { leaseUntil: new Date(5_000), sendStarted: false };
const ok = { process: async () => undefined };
const refused = { process: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1025')) };

describe('CourierJobRunner', () => {
  it('skips a message that is already sent or abandoned, without sending', async () => {
    let sends = 0;
    for (const status of ['sent', 'abandoned'] as const) {
      const l = ledger({ kind: 'final', status });
      await new CourierJobRunner({ process: async () => void sends++ }, l, { retries: 2, worker }).run(queuedJob());
      expect(l.dispatches).toHaveLength(0);
    }
    expect(sends).toBe(0);
  });

  it('retries once the lease ends while another worker holds the message, without sending', async () => {
    let sends = 0;
    const l = ledger({ kind: 'busy', lockedUntil: new Date(5_000) });
    const run = new CourierJobRunner({ process: async () => void sends++ }, l, { retries: 2, worker }, () => 1_000).run(queuedJob());
    await expect(run).rejects.toBeInstanceOf(MessageBusyError);
    await expect(run).rejects.toMatchObject({ retryAt: 5_100 });
    expect(sends).toBe(0);
    expect(l.marks).toEqual([]);
  });

  it('marks the send started before sending, then records the dispatch', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0, ...fresh });
    await new CourierJobRunner({ process: async () => void l.events.push('send') }, l, { retries: 2, worker }).run(queuedJob());
    expect(l.events).toEqual(['mark', 'send', 'dispatch']);
    expect(l.marks).toEqual([false]);
  });

  it('sends again, flagged a possible duplicate, when an earlier attempt died after marking the send started', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0, leaseUntil: new Date(5_000), sendStarted: true });
    let sends = 0;
    await new CourierJobRunner({ process: async () => void sends++ }, l, { retries: 2, worker }).run(queuedJob());
    expect(sends).toBe(1);
    expect(l.marks).toEqual([true]);
    expect(l.dispatches).toEqual([{ ok: true, worker }]);
  });

  it('sends nothing when the mark cannot be written (the lease was lost)', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0, ...fresh });
    l.markSendStarted = async () => Promise.reject(new Error('lost the lease'));
    let sends = 0;
    await expect(new CourierJobRunner({ process: async () => void sends++ }, l, { retries: 2, worker }).run(queuedJob())).rejects.toThrow('lost the lease');
    expect(sends).toBe(0);
    expect(l.dispatches).toEqual([]);
  });

  it('records a success dispatch after sending', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0, ...fresh });
    await new CourierJobRunner(ok, l, { retries: 2, worker }).run(queuedJob());
    expect(l.dispatches).toEqual([{ ok: true, worker }]);
    expect(l.status).toBe('sent');
  });

  it('records a failed dispatch with the transport error and rethrows it so the queue retries', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0, ...fresh });
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob())).rejects.toThrow('ECONNREFUSED');
    expect(l.dispatches).toEqual([expect.objectContaining({ ok: false, lastAttempt: false, error: 'connect ECONNREFUSED 127.0.0.1:1025' })]);
    expect(l.status).toBe('queued');
  });

  it('abandons on the last attempt', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 2, ...fresh });
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob(2))).rejects.toThrow('ECONNREFUSED');
    expect(l.status).toBe('abandoned');
  });

  it('stops the queue retrying once the projection has abandoned the message', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 2, ...fresh });
    // BullMQ still has attempts left (e.g. the message failed before in another queue), the count does not.
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(l.status).toBe('abandoned');
  });
});

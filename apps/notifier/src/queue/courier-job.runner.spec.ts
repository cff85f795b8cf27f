import { UnrecoverableError } from 'bullmq';
import { identityRegistered } from '@gatehouse/testing';
import type { Claim } from '../courier/courier-messages';
import { afterDispatch, AttemptOutcome } from '../courier/message-status';
import { verificationCodeJob } from '../reactors/verification-code.reactor';
import { CourierJobRunner, CourierLedger, MessageBusyError, QueuedJob } from './courier-job.runner';

const policy = { retries: 2, backoffMs: 100 };

function queuedJob(attemptsMade = 0): QueuedJob {
  const spec = verificationCodeJob(identityRegistered(), policy, new Date())!;
  return { id: spec.opts.jobId, data: spec.data, attemptsMade, opts: { attempts: spec.opts.attempts } };
}

/** An in-memory ledger with the projection's rules, to drive the runner. */
function ledger(claim: Claim): CourierLedger & { dispatches: Array<AttemptOutcome & { error?: string }>; status?: string } {
  const state = {
    dispatches: [] as Array<AttemptOutcome & { error?: string }>,
    status: undefined as string | undefined,
    claim: async () => claim,
    recordDispatch: async (_id: string, outcome: AttemptOutcome & { error?: string }, retries: number) => {
      state.dispatches.push(outcome);
      const status = afterDispatch((claim.kind === 'claimed' ? claim.sendCount : 0) + 1, retries, outcome);
      state.status = status;
      return status;
    },
  };
  return state;
}

const worker = 'test-worker';
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

  it('retries later while another worker holds the message', async () => {
    await expect(new CourierJobRunner(ok, ledger({ kind: 'busy' }), { retries: 2, worker }).run(queuedJob())).rejects.toBeInstanceOf(MessageBusyError);
  });

  it('records a success dispatch after sending', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0 });
    await new CourierJobRunner(ok, l, { retries: 2, worker }).run(queuedJob());
    expect(l.dispatches).toEqual([{ ok: true, worker }]);
    expect(l.status).toBe('sent');
  });

  it('records a failed dispatch with the transport error and rethrows it so the queue retries', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 0 });
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob())).rejects.toThrow('ECONNREFUSED');
    expect(l.dispatches).toEqual([expect.objectContaining({ ok: false, lastAttempt: false, error: 'connect ECONNREFUSED 127.0.0.1:1025' })]);
    expect(l.status).toBe('queued');
  });

  it('abandons on the last attempt', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 2 });
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob(2))).rejects.toThrow('ECONNREFUSED');
    expect(l.status).toBe('abandoned');
  });

  it('stops the queue retrying once the projection has abandoned the message', async () => {
    const l = ledger({ kind: 'claimed', messageId: 'm', sendCount: 2 });
    // BullMQ still has attempts left (e.g. the message failed before in another queue), the count does not.
    await expect(new CourierJobRunner(refused, l, { retries: 2, worker }).run(queuedJob(0))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(l.status).toBe('abandoned');
  });
});

import { VerificationRequested } from '@gatehouse/contracts';

/** A known address a challenge (verification, recovery) sends its code or link to. */
export interface ChallengeRecipient {
  identityId: string;
  addressId: string;
  address: string;
  via: 'email' | 'sms';
}

export type ChallengeMethod = 'code' | 'link';

/** Send a code or a link. `recipient` is absent for an unknown address: nothing is sent, the answer is the same. */
export interface ChallengeRequest<T extends string> {
  type: T;
  now: Date;
  flowId: string;
  method: ChallengeMethod;
  address: string;
  recipient?: ChallengeRecipient;
  /** The code or token, sealed for the notifier (its digest stays in Postgres). */
  sealed: string;
  expiresAt: Date;
}

/** Submit a code (or open a link). `match` is the unused secret of this flow whose digest matches, if any. */
export interface ChallengeSubmission<T extends string, Match extends { expiresAt: Date }> {
  type: T;
  now: Date;
  flowId: string;
  method: ChallengeMethod;
  /** selfservice.methods.code.config.max_submissions */
  maxSubmissions: number;
  match?: Match;
}

/** Why a challenge step was refused; each flow's handler turns it into Kratos's answer (its own message ids). */
export type ChallengeRejection =
  | { reason: 'flow_not_found' }
  | { reason: 'flow_expired'; expiredAt: string }
  | { reason: 'flow_completed' }
  /** a wrong, used or foreign code/token; counts as a failed submission */
  | { reason: 'secret_invalid' }
  /** max_submissions wrong codes were submitted: the flow takes no code any more */
  | { reason: 'too_many_submissions' }
  /** the code/token matched but its lifespan is over */
  | { reason: 'secret_expired'; expiredAt: string };

/** What a sent code or link records (RecoveryRequested and VerificationRequested share it). */
export type ChallengeSentData = VerificationRequested.V1.Data;

/** The part of a challenge flow the decision reads. */
export interface ChallengeFlowState {
  id: string;
  expiresAt: string;
  state: 'choose_method' | 'sent_email' | 'passed_challenge';
  failedSubmissions?: number;
}

/** How one flow names its commands and events. */
export interface ChallengeEvents<Rq, Sb extends ChallengeSubmission<string, { expiresAt: Date }>, E> {
  isRequest(c: Rq | Sb): c is Rq;
  /** the event of a sent code or link */
  sent(data: ChallengeSentData): E;
  /** the event of a matching, unexpired secret */
  passed(c: Sb, match: NonNullable<Sb['match']>): E;
}

/** Pure: the challenge logic verification and recovery share: flow expiry, single use, the number of wrong
 * submissions and the secret's own expiry. Whether a secret is unused and matches is looked up before (`match`);
 * that it is used only once is enforced again in the write. */
export function decideChallenge<Rq extends ChallengeRequest<string>, Sb extends ChallengeSubmission<string, { expiresAt: Date }>, E>(
  command: Rq | Sb,
  flow: ChallengeFlowState | null,
  on: ChallengeEvents<Rq, Sb, E>,
): E[] | ChallengeRejection {
  if (!flow || flow.id !== command.flowId) return { reason: 'flow_not_found' };
  if (command.now.getTime() >= Date.parse(flow.expiresAt)) return { reason: 'flow_expired', expiredAt: flow.expiresAt };
  if (on.isRequest(command)) return request(command, flow.state, on.sent);
  return submit(command as Sb, flow.state, flow.failedSubmissions ?? 0, on.passed);
}

function request<E>(c: ChallengeRequest<string>, state: string, sent: (data: ChallengeSentData) => E): E[] | ChallengeRejection {
  if (state === 'passed_challenge') return { reason: 'flow_completed' };
  // an unknown address: no event, nothing is sent (the answer stays the same)
  if (!c.recipient) return [];
  const r = c.recipient;
  const common = { flow_id: c.flowId, identity_id: r.identityId, address_id: r.addressId, address: r.address, via: r.via, expires_at: c.expiresAt.toISOString() };
  const data = c.method === 'code' ? { ...common, method: 'code' as const, sealed_code: c.sealed } : { ...common, method: 'link' as const, sealed_token: c.sealed };
  return [sent(data)];
}

function submit<Sb extends ChallengeSubmission<string, { expiresAt: Date }>, E>(
  c: Sb,
  state: string,
  failed: number,
  passed: (c: Sb, match: NonNullable<Sb['match']>) => E,
): E[] | ChallengeRejection {
  // a passed flow's secret has been used already
  if (state === 'passed_challenge') return { reason: 'secret_invalid' };
  if (failed >= c.maxSubmissions) return { reason: 'too_many_submissions' };
  const m = c.match;
  if (!m) return { reason: 'secret_invalid' };
  if (c.now.getTime() >= m.expiresAt.getTime()) return { reason: 'secret_expired', expiredAt: m.expiresAt.toISOString() };
  return [passed(c, m as NonNullable<Sb['match']>)];
}

import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope } from '@gatehouse/contracts';
import { ChallengeMailData, MailJobSpec, RetryPolicy } from '../mail/mail-job';
import { COURIER_OUTBOX, CourierOutboxPort, IDENTITY_DIRECTORY, IdentityDirectoryPort, MAIL_QUEUE, MailQueuePort, RETRY_POLICY } from '../tokens';
import { ChallengeMailReactor, VERIFICATION_MAIL, challengeMailJob } from './challenge-mail.reactor';

/** Pure: the mail job a VerificationRequested asks for (see challengeMailJob). */
export function verificationRequestedJob(event: EventEnvelope, policy: RetryPolicy, now: Date): MailJobSpec<ChallengeMailData> | undefined {
  return challengeMailJob(VERIFICATION_MAIL, event, policy, now);
}

@Injectable()
export class VerificationRequestedReactor extends ChallengeMailReactor {
  constructor(
    @Inject(MAIL_QUEUE) queue: MailQueuePort,
    @Inject(COURIER_OUTBOX) outbox: CourierOutboxPort,
    @Inject(RETRY_POLICY) policy: RetryPolicy,
    @Inject(IDENTITY_DIRECTORY) identities: IdentityDirectoryPort,
  ) {
    super(VERIFICATION_MAIL, queue, outbox, policy, identities);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope } from '@gatehouse/contracts';
import { identityChange } from '../identities/notifier-identities';
import { MailJobSpec } from '../mail/mail-job';
import { IDENTITY_DIRECTORY, IdentityDirectoryPort } from '../tokens';

/** Feeds notifier_identities from IdentityRegistered, IdentityCreated, IdentityUpdated and IdentityDeleted:
 * one statement per such event, nothing for others. Runs before the mail reactors, so the identity is as its
 * latest event left it by the time a later event of the same identity (same partition, so later) asks for a mail. */
@Injectable()
export class IdentityProjector {
  constructor(@Inject(IDENTITY_DIRECTORY) private readonly identities: IdentityDirectoryPort) {}

  async handle(event: EventEnvelope): Promise<void> {
    const change = identityChange(event);
    if (change) await this.identities.apply(change);
  }
}

/** A job's model with the identity's projected schema and traits; unchanged when the identity is unknown
 * (its mail renders with empty traits). */
export async function withKnownIdentity<Job extends MailJobSpec>(job: Job | undefined, identities: IdentityDirectoryPort): Promise<Job | undefined> {
  if (!job) return undefined;
  const known = await identities.find(job.data.identity.id);
  return known ? { ...job, data: { ...job.data, identity: known } } : job;
}

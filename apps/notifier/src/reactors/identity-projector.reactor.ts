import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope } from '@gatehouse/contracts';
import { identityRow } from '../identities/notifier-identities';
import { MailJobSpec } from '../mail/mail-job';
import { IDENTITY_DIRECTORY, IdentityDirectoryPort } from '../tokens';

/** Feeds notifier_identities from IdentityRegistered. Runs before the mail reactors, so a registration is
 * known by the time a later event of the same identity (same partition, so later) asks for a mail. */
@Injectable()
export class IdentityProjector {
  constructor(@Inject(IDENTITY_DIRECTORY) private readonly identities: IdentityDirectoryPort) {}

  async handle(event: EventEnvelope): Promise<void> {
    const row = identityRow(event);
    if (row) await this.identities.record(row);
  }
}

/** A job's model with the identity's projected schema and traits; unchanged when the identity is unknown
 * (its mail renders with empty traits). */
export async function withKnownIdentity(job: MailJobSpec | undefined, identities: IdentityDirectoryPort): Promise<MailJobSpec | undefined> {
  if (!job) return undefined;
  const known = await identities.find(job.data.identity.id);
  return known ? { ...job, data: { ...job.data, identity: known } } : job;
}

import { UnrecoverableError } from 'bullmq';
import { openCode } from '@gatehouse/contracts';
import { ChallengeMailData, MailJobData, NoticeMailData } from '../mail/mail-job';
import { OutgoingEmail } from '../channels/smtp.channel';
import { CourierTemplates } from '../templates/overrides';
import { RenderedEmail, TEMPLATE_TYPES, TemplateType } from '../templates/template';
import { recoveryUrl } from '../templates/recovery/valid/email';
import { securityNoticeModel } from '../templates/security_notice/email';
import { verificationUrl } from '../templates/verification_code/valid/email';

export interface MailChannel {
  send(mail: OutgoingEmail): Promise<void>;
}

export interface MailProcessorSettings {
  /** secrets.cipher: every key may open a sealed code (rotation). */
  cipherSecrets: readonly string[];
  /** serve.public.base_url */
  publicBaseUrl: string;
  /** Domain of the Message-ID header (the from address's domain). */
  messageIdDomain: string;
  /** The templates with courier.template_override_path and courier.templates applied; the built-ins if unset. */
  templates?: CourierTemplates;
}

/** The template types a mail job can carry: each challenge has a one-time secret to open; a notice has none. */
const SENDABLE: readonly TemplateType[] = [
  TEMPLATE_TYPES.verificationCodeValid,
  TEMPLATE_TYPES.verificationValid,
  TEMPLATE_TYPES.recoveryCodeValid,
  TEMPLATE_TYPES.recoveryValid,
  TEMPLATE_TYPES.securityNotice,
];

/** What the courier-messages projection keeps of a mail instead of the one-time code or link token. */
export const REDACTED_CODE = '******';

/** The stored form of a message: subject and plaintext body, the code (and the link carrying it) redacted. */
export interface MessageDraft {
  recipient: string;
  subject: string;
  body: string;
  template_type: string;
}

export interface MailJob {
  id?: string;
  data: MailJobData;
}

/** The Message-ID of a courier message's mail: derived from its source event id (UNIQUE per courier
 * message, and the job id), so every attempt, in any queue or worker, sends the same one and a receiver
 * can tell a resend after a crash for the duplicate it is. */
export function messageIdHeader(eventId: string, domain: string): string {
  return `<${eventId}@${domain}>`;
}

/** Runs one mail job: opens the sealed code (a notice has none), renders the template, sends. Channel failures reject so the
 * queue retries with backoff; jobs that can never succeed fail with UnrecoverableError (no retries).
 * Neither the code nor the rendered body is ever logged or put into an error message. */
export class MailProcessor {
  private readonly templates: CourierTemplates;

  constructor(
    private readonly channel: MailChannel,
    private readonly settings: MailProcessorSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.templates = settings.templates ?? CourierTemplates.builtin();
  }

  async process(job: MailJob): Promise<void> {
    const email = this.compose(job);
    await this.channel.send(email);
  }

  compose(job: MailJob): OutgoingEmail {
    const data = job.data;
    if (!SENDABLE.includes(data.template_type)) {
      throw new UnrecoverableError(`unknown template type ${String(data.template_type)}`);
    }
    const rendered = data.template_type === TEMPLATE_TYPES.securityNotice ? this.renderNotice(data) : this.renderChallenge(data, this.openChallenge(data), this.msLeft(data));
    return { to: data.to, ...rendered, messageId: messageIdHeader(data.source.event_id, this.settings.messageIdDomain) };
  }

  /** The message as the projection stores it: rendered like the mail, but with REDACTED_CODE in place of
   * the code or the link token, so neither a code nor a working verification link is ever written to
   * Postgres. The secret is not even opened here. Redaction is by value (the model carries REDACTED_CODE
   * wherever it would carry the secret), so it holds for overridden templates whatever their layout. A notice
   * carries no secret: its draft is its mail. */
  draft(data: MailJobData): MessageDraft {
    const rendered =
      data.template_type === TEMPLATE_TYPES.securityNotice ? this.renderNotice(data) : this.renderChallenge(data, REDACTED_CODE, Math.max(0, this.msLeft(data)));
    return { recipient: data.to, subject: rendered.subject, body: rendered.text, template_type: data.template_type };
  }

  /** The secret of a challenge mail that may still be sent: not expired, and sealed with a secrets.cipher key. */
  private openChallenge(data: ChallengeMailData): string {
    if (!(this.msLeft(data) > 0)) throw new UnrecoverableError('the one-time code expired before the mail could be sent');
    try {
      return openCode(data.sealed_code, this.settings.cipherSecrets);
    } catch {
      throw new UnrecoverableError('the sealed code does not open with any secrets.cipher key');
    }
  }

  private msLeft(data: ChallengeMailData): number {
    return Date.parse(data.expires_at) - this.now().getTime();
  }

  private renderNotice(data: NoticeMailData): RenderedEmail {
    return this.templates.render(data.template_type, securityNoticeModel(data));
  }

  private renderChallenge(data: ChallengeMailData, code: string, msLeft: number): RenderedEmail {
    const common = { to: data.to, identity: data.identity, expires_in_minutes: Math.max(1, Math.round(msLeft / 60_000)) };
    const base = this.settings.publicBaseUrl;
    const verificationFlow = data.source.verification_flow_id ?? data.source.flow_id;
    switch (data.template_type) {
      case TEMPLATE_TYPES.recoveryCodeValid:
        return this.templates.render(data.template_type, { ...common, recovery_code: code });
      case TEMPLATE_TYPES.recoveryValid:
        return this.templates.render(data.template_type, { ...common, recovery_url: recoveryUrl(base, data.source.flow_id, code) });
      case TEMPLATE_TYPES.verificationValid:
        return this.templates.render(data.template_type, { ...common, verification_url: verificationUrl(base, verificationFlow, code, 'token') });
      default:
        return this.templates.render(TEMPLATE_TYPES.verificationCodeValid, {
          ...common,
          verification_code: code,
          verification_url: verificationUrl(base, verificationFlow, code),
        });
    }
  }
}

import { createTransport, Transporter } from 'nodemailer';
import { parseSmtpUri } from './smtp-uri';

export interface SmtpSettings {
  connectionUri: string;
  fromAddress: string;
  fromName?: string;
  /** The name in EHLO/HELO (Kratos: courier.smtp.local_name). */
  localName: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID lets receivers spot a duplicate, should one ever slip through. */
  messageId?: string;
}

/** Sends e-mail over SMTP. One connection per message (no pool), so an SMTP server that went away and
 * came back is simply used again. Any failure rejects; the queue decides about retries. */
export class SmtpChannel {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      ...parseSmtpUri(settings.connectionUri),
      name: settings.localName,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    });
  }

  async send(mail: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.settings.fromName ? { name: this.settings.fromName, address: this.settings.fromAddress } : this.settings.fromAddress,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
  }

  close(): void {
    this.transport.close();
  }
}

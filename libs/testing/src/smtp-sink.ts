import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerSession } from 'smtp-server';
import { ParsedMail, simpleParser } from 'mailparser';
import { waitFor } from './wait-for';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId?: string;
  receivedAt: number;
  /** When the sink answered the client's DATA (250): unset while the answer is held back (ackDelayMs), and
   * for good when the client went away before it came (it delivered the mail without knowing it). */
  acknowledgedAt?: number;
}

/** A mail whose answer is held back, with the SMTP connection waiting for it. */
interface HeldAnswer {
  mail: ReceivedMail;
  timer: NodeJS.Timeout;
  answer: () => void;
}

/** An in-process SMTP server that keeps what it receives; it can go down and come back on the same port.
 * It can be slow to acknowledge (ackDelayMs): a mail counts as received as soon as its DATA is parsed, but
 * the client hears "250" only later, so a sender that dies in between has delivered without knowing it. */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** How long the answer to a mail's DATA is held back after the mail has been recorded in `mails` (0: at
   * once). Settable while running; a change applies to the mails that arrive after it. */
  ackDelayMs = 0;
  private readonly held = new Map<string, HeldAnswer>();
  private server?: SMTPServer;
  port = 0;

  async start(port = this.port): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const received: ReceivedMail = {
              to: addresses(mail),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId,
              receivedAt: Date.now(),
            };
            this.mails.push(received);
            this.acknowledge(session, received, callback);
          })
          .catch((e: Error) => callback(e));
      },
      // the client hung up (or died) while its answer was held back: nobody is waiting for it any more
      onClose: (session) => this.release(session.id, false),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}/?disable_starttls=true`;
  }

  /** Mails recorded whose sender is still connected and waiting for the answer (held back by ackDelayMs). */
  get inFlight(): ReceivedMail[] {
    return [...this.held.values()].map((h) => h.mail);
  }

  /** Stops the server; answers held back go out at once first, so that no client keeps the close waiting. */
  async stop(): Promise<void> {
    for (const id of [...this.held.keys()]) this.release(id, true);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  waitForMail(address: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    return waitFor(() => this.mailsTo(address)[0], { timeoutMs, what: `a mail to ${address}` });
  }

  private acknowledge(session: SMTPServerSession, mail: ReceivedMail, callback: (err?: Error | null) => void): void {
    const answer = (): void => {
      mail.acknowledgedAt = Date.now();
      callback();
    };
    if (this.ackDelayMs <= 0) return answer();
    // one DATA at a time per connection: the session id names the held answer
    this.held.set(session.id, { mail, answer, timer: setTimeout(() => this.release(session.id, true), this.ackDelayMs) });
  }

  /** Ends a held answer: sends it (answer) or drops it because the client is gone. */
  private release(sessionId: string, answer: boolean): void {
    const held = this.held.get(sessionId);
    if (!held) return;
    this.held.delete(sessionId);
    clearTimeout(held.timer);
    if (answer) held.answer();
  }
}

function addresses(mail: ParsedMail): string[] {
  const to = mail.to ? (Array.isArray(mail.to) ? mail.to : [mail.to]) : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/**
 * A real SMTP server (the `smtp-server` package) on a random local port that
 * parses every accepted message with `mailparser`, and can be told to refuse
 * for a while (4xx) or for good (5xx), as a real mail server might.
 */
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  idempotencyKey: string;
}

export class SmtpSink {
  readonly received: ReceivedEmail[] = [];
  /** Messages refused so far (each answer that was not 250). */
  refusals = 0;
  /** The next N messages are refused at end of DATA with 451 (try again later). */
  failNextData = 0;
  /** Recipients refused at RCPT TO with 550 (no such mailbox: permanent). */
  readonly rejectRecipients = new Set<string>();
  private server!: SMTPServer;
  url!: string;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, cb) => {
        if (this.rejectRecipients.has(address.address.toLowerCase())) {
          this.refusals++;
          return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        }
        cb();
      },
      onData: (stream, _session, cb) => {
        simpleParser(stream)
          .then((mail) => {
            if (this.failNextData > 0) {
              this.failNextData--;
              this.refusals++;
              return cb(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
            }
            const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.received.push({
              to,
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
              idempotencyKey: String(mail.headers.get('harbour-idempotency-key') ?? ''),
            });
            cb();
          })
          .catch((e: Error) => cb(e));
      },
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Messages delivered to `address`. */
  to(address: string): ReceivedEmail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

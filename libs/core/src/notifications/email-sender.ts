import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';

/** Header carrying a notification's idempotency key on every email (receivers may drop repeats by it). */
export const IDEMPOTENCY_HEADER = 'Harbour-Idempotency-Key';

/** One email to one recipient. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The notification's idempotency key: sets the Message-ID and the Harbour-Idempotency-Key header. */
  idempotencyKey: string;
}

/** What the SMTP server said: null error = accepted (2xx after DATA). */
export interface EmailResult {
  error: string | null;
  /** A 5xx answer: the server refused for good, retrying will not help. */
  permanent: boolean;
}

/**
 * The same Message-ID for every attempt of one notification, so a resend after
 * an ambiguous failure is recognisably the same message
 * (`<sha256(key)[0..32]@domain-of-MAIL_FROM>`).
 */
export function messageIdFor(idempotencyKey: string, mailFrom: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'harbour.invalid';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/**
 * Sends email through SMTP_URL with nodemailer (one pooled connection set per
 * process, opened on first use, closed on shutdown). SMTP has no idempotency:
 * see docs/guarantees.md for what a retry can and cannot promise.
 */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(@Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig) {}

  /** Whether the email channel is on (SMTP_URL set). */
  get enabled(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  /**
   * Sends one message (10 s to connect, 30 s of socket silence at most).
   * Never throws: returns the server's refusal or the network error instead.
   */
  async send(mail: OutgoingEmail): Promise<EmailResult> {
    if (!this.config.SMTP_URL) return { error: 'email channel off (SMTP_URL unset)', permanent: true };
    this.transport ??= createTransport({
      url: this.config.SMTP_URL,
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    try {
      await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: messageIdFor(mail.idempotencyKey, this.config.MAIL_FROM),
        headers: { [IDEMPOTENCY_HEADER]: mail.idempotencyKey },
      });
      return { error: null, permanent: false };
    } catch (e) {
      const err = e as Error & { responseCode?: number; permanent?: boolean; response?: string };
      const code = err.responseCode;
      const permanent = err.permanent ?? (code !== undefined && code >= 500 && code < 600);
      return { error: `smtp ${code ? `answered ${code}` : 'unreachable'}: ${(err.response ?? err.message).slice(0, 300)}`, permanent };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
  }
}

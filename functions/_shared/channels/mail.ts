import nodemailer, { type Transporter } from 'nodemailer';
import type { Deps } from '../deps.js';
import { publicUrl } from './content.js';
import type { Sender } from './deliver.js';
import { mailBody } from './mail-content.js';
import { unsubscribeUrl } from './unsubscribe.js';

/** SMTP reply codes and socket errors that may pass: the mail is retried; any other refusal is final. */
const isTransient = (err: { responseCode?: number; code?: string }) =>
  err.responseCode === undefined ? true : err.responseCode < 500;

/**
 * Mail over SMTP (nodemailer, SMTP_URL). Each delivery has its own Message-ID, the same on every
 * attempt, so a mail sent twice (an answer lost after the server took it) is one message to the
 * reader's client; one-click unsubscribe per kind (RFC 8058). A 4xx answer or a server that cannot be
 * reached is retried; 5xx is final.
 */
export function mailSender(deps: Deps): Sender {
  let transport: Transporter | undefined;
  const host = new URL(publicUrl(deps.config)).hostname;
  return {
    channel: 'email',
    async send(row) {
      if (!deps.config.SMTP_URL) return { status: 'retry', reason: 'no SMTP_URL is configured' };
      transport ??= nodemailer.createTransport(deps.config.SMTP_URL);
      const unsubscribe = unsubscribeUrl(deps, { userId: row.user_id, kind: row.kind });
      const body = mailBody(row.kind, row.payload, unsubscribe);
      try {
        await transport.sendMail({
          from: deps.config.MAIL_FROM,
          to: row.target,
          ...body,
          messageId: `<${row.id}@${host}>`,
          headers: {
            'List-Unsubscribe': `<${unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'Auto-Submitted': 'auto-generated',
          },
        });
        return { status: 'sent' };
      } catch (err) {
        const e = err as Error & { responseCode?: number; code?: string };
        const reason = `SMTP: ${e.message}`;
        return isTransient(e) ? { status: 'retry', reason } : { status: 'failed', reason };
      }
    },
  };
}

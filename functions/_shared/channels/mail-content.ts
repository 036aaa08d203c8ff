import type { DeliveryPayload, TellingKind } from '../db/database.js';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

const WHAT: Record<TellingKind, string> = {
  reminder: 'reminders',
  invitation: 'invitations',
  assigned: 'assignments',
  agenda: 'the daily agenda',
};

export interface MailBody {
  subject: string;
  text: string;
  html: string;
}

/** A mail's subject and its plain-text and HTML bodies; every user's word escaped in the HTML. No images, no tracking. */
export function mailBody(kind: TellingKind, p: DeliveryPayload, unsubscribe: string): MailBody {
  const lines = (p.items ?? []).map((i) => ({
    title: i.title,
    due: i.due ? ` (due ${i.due})` : '',
  }));
  const footer = `You get this because ${WHAT[kind]} by email are on in your Ripple settings.`;
  const text = [
    p.body,
    ...lines.map((l) => `- ${l.title}${l.due}`),
    '',
    `Open: ${p.url}`,
    '',
    footer,
    `Unsubscribe from ${WHAT[kind]}: ${unsubscribe}`,
  ].join('\n');
  const list =
    lines.length > 0
      ? `<ul>${lines.map((l) => `<li>${escapeHtml(l.title)}${escapeHtml(l.due)}</li>`).join('')}</ul>`
      : '';
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(p.body)}</p>`,
    list,
    `<p><a href="${escapeHtml(p.url)}">Open in Ripple</a></p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(footer)} <a href="${escapeHtml(unsubscribe)}">Unsubscribe from ${escapeHtml(WHAT[kind])}</a></p>`,
    '</body></html>',
  ].join('');
  return { subject: p.title, text, html };
}

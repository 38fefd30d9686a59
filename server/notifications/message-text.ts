// A notification in words: subject, plain text, simple HTML (every value escaped) and chat markdown, in one
// language, from the event and its payload. Rendered when sent, so a user's current language applies.
import type { MessageKey } from "../i18n/catalogue.js";
import type { Locale } from "../i18n/locales.js";
import { translate, type MessageValues } from "../i18n/translate.js";
import type { NotificationEvent } from "../db/schema.js";

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  markdown: string;
  link: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
/** chat markdown: keep user-written text from becoming links, headings or emphasis */
const escapeMarkdown = (s: string) => s.replace(/([\\`*_[\]()#>!|])/g, "\\$1");

type Payload = Record<string, unknown>;

function valuesOf(payload: Payload, locale: Locale): MessageValues {
  const none = translate(locale, "notifications.none");
  const out: MessageValues = {};
  for (const [k, v] of Object.entries(payload)) {
    if (Array.isArray(v)) out[k] = v.join(", ");
    else if (typeof v === "number" || typeof v === "string") out[k] = v;
    else out[k] = v === null || v === undefined ? none : JSON.stringify(v);
  }
  for (const k of ["dueDate", "title", "plan", "ruleId"]) if (out[k] === undefined) out[k] = none;
  return out;
}

function lineOf(event: NotificationEvent, payload: Payload, locale: Locale) {
  const v = valuesOf(payload, locale);
  return {
    subject: translate(locale, `notifications.event.${event}.subject` as MessageKey, v),
    body: translate(locale, `notifications.event.${event}.body` as MessageKey, v),
  };
}

function linkOf(baseUrl: string, payload: Payload): string {
  const path = typeof payload.path === "string" && payload.path.startsWith("/") ? payload.path : "/";
  return baseUrl + path;
}

/** One notification, or a daily digest (payload.items: the collected ones), in `locale`. */
export function renderMessage(event: NotificationEvent, payload: Payload, locale: Locale, baseUrl: string): RenderedMessage {
  const link = linkOf(baseUrl, payload);
  const open = translate(locale, "notifications.mail.open");
  const footer = translate(locale, "notifications.mail.footer", { url: baseUrl });
  if (event === "digest") {
    const items = (payload.items as { event: NotificationEvent; payload: Payload }[]) ?? [];
    const lines = items.map((i) => ({ ...lineOf(i.event, i.payload, locale), link: linkOf(baseUrl, i.payload) }));
    const subject = translate(locale, "notifications.event.digest.subject", { count: items.length, date: String(payload.date ?? "") });
    const intro = translate(locale, "notifications.event.digest.body");
    const text = [intro, "", ...lines.map((l) => `- ${l.subject}\n  ${l.body}\n  ${l.link}`), "", footer].join("\n");
    const html =
      `<p>${escapeHtml(intro)}</p><ul>` +
      lines.map((l) => `<li><strong>${escapeHtml(l.subject)}</strong><br>${escapeHtml(l.body)}<br><a href="${escapeHtml(l.link)}">${escapeHtml(open)}</a></li>`).join("") +
      `</ul><p style="color:#666">${escapeHtml(footer)}</p>`;
    const markdown = [`### ${escapeMarkdown(subject)}`, ...lines.map((l) => `- **${escapeMarkdown(l.subject)}** [${escapeMarkdown(open)}](${l.link})`)].join("\n");
    return { subject, text, html, markdown, link: baseUrl + "/" };
  }
  const { subject, body } = lineOf(event, payload, locale);
  const target = event === "password.reset" && typeof payload.token === "string" ? `${baseUrl}/login/reset?token=${encodeURIComponent(payload.token)}` : link;
  const text = [body, "", target, "", footer].join("\n");
  const html = `<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(target)}">${escapeHtml(open)}</a></p><p style="color:#666">${escapeHtml(footer)}</p>`;
  const markdown = `### ${escapeMarkdown(subject)}\n\n${escapeMarkdown(body)}\n\n[${escapeMarkdown(open)}](${target})`;
  return { subject, text, html, markdown, link: target };
}

// The HTTP request each webhook kind expects, with its platform's signing, and how each says "accepted".
//  generic:  our JSON; X-Assay-Timestamp (seconds) and X-Assay-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body))
//  dingtalk: msgtype markdown; with a secret, ?timestamp=<ms>&sign=urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))
//  wecom:    msgtype markdown; the key is in the URL, no signing
//  feishu:   msg_type text; with a secret, body fields timestamp (seconds) and sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, ""))
// Every kind also gets an Idempotency-Key header: a redelivery after a crash carries the same key.
import { createHmac } from "node:crypto";
import type { NotificationEvent, WebhookKind } from "../db/schema.js";
import type { RenderedMessage } from "./message-text.js";

export interface WebhookDelivery {
  /** the outbox row's id: the idempotency key derives from it */
  id: number;
  event: NotificationEvent;
  payload: Record<string, unknown>;
  message: RenderedMessage;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const idempotencyKeyOf = (id: number) => `assay-notification-${id}`;

export function genericSignature(secret: string, timestamp: string, body: string): string {
  return "sha256=" + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export function dingtalkSign(secret: string, timestampMs: string): string {
  return createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
}

export function feishuSign(secret: string, timestampSeconds: string): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

export function buildWebhookRequest(kind: WebhookKind, url: string, secret: string | null, d: WebhookDelivery, now: number): WebhookRequest {
  const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": idempotencyKeyOf(d.id), "user-agent": "Assay-Notifications" };
  const m = d.message;
  switch (kind) {
    case "generic": {
      const timestamp = String(Math.floor(now / 1000));
      const body = JSON.stringify({
        id: idempotencyKeyOf(d.id),
        event: d.event,
        occurred_at: new Date(now).toISOString(),
        title: m.subject,
        text: m.text,
        url: m.link,
        data: d.payload,
      });
      headers["x-assay-timestamp"] = timestamp;
      if (secret) headers["x-assay-signature"] = genericSignature(secret, timestamp, body);
      return { url, headers, body };
    }
    case "dingtalk": {
      let target = url;
      if (secret) {
        const timestamp = String(now);
        const u = new URL(url);
        u.searchParams.set("timestamp", timestamp);
        u.searchParams.set("sign", dingtalkSign(secret, timestamp));
        target = u.toString();
      }
      return { url: target, headers, body: JSON.stringify({ msgtype: "markdown", markdown: { title: m.subject, text: m.markdown } }) };
    }
    case "wecom":
      return { url, headers, body: JSON.stringify({ msgtype: "markdown", markdown: { content: m.markdown } }) };
    case "feishu": {
      const content = { text: `${m.subject}\n${m.text}` };
      if (!secret) return { url, headers, body: JSON.stringify({ msg_type: "text", content }) };
      const timestamp = String(Math.floor(now / 1000));
      return { url, headers, body: JSON.stringify({ timestamp, sign: feishuSign(secret, timestamp), msg_type: "text", content }) };
    }
  }
}

/** null when the receiver accepted the message, else why not (the chat platforms answer 200 with an error code). */
export function refusalOf(kind: WebhookKind, status: number, bodyText: string): string | null {
  if (status < 200 || status >= 300) return `HTTP ${status}: ${bodyText.slice(0, 200)}`;
  if (kind === "generic") return null;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(bodyText) as Record<string, unknown>;
  } catch {
    return `unreadable answer: ${bodyText.slice(0, 200)}`;
  }
  const code = kind === "feishu" ? (json.code ?? json.StatusCode ?? 0) : json.errcode;
  if (code === 0 || code === undefined && kind === "feishu") return null;
  return `${kind} refused: ${String(json.errmsg ?? json.msg ?? json.StatusMessage ?? JSON.stringify(json)).slice(0, 200)} (${String(code)})`;
}

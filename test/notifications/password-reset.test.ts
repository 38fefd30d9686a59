// The e-mailed password-reset link, end to end over HTTP on a real port: the same answer for known and unknown
// addresses, the link e-mailed at once through the outbox to a real SMTP server, a single-use token that expires
// after one hour (fixed clock), the new password obeying the policy, sessions ended, the trail written, requests
// rate-limited.
import { testCtx } from "../support/ctx.js";
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/users.js";
import { sha256 } from "../../server/auth/secrets.js";
import { auditTrail, notifications, passwordResets, sessions } from "../../server/db/schema.js";
import { notifyConfigFromEnv } from "../../server/notifications/config.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { startSmtpReceiver, type SmtpReceiver } from "../support/mail-receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let server: ServerType;
let base: string;
const email = "forgetful@example.test";
const oldPassword = "correct horse battery";

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await buildTestApp({ now: "2026-11-02T10:00:00Z", notify: notifyConfigFromEnv({ SMTP_URL: smtp.url, ASSAY_BASE_URL: "https://assay.example.test", MAIL_FROM: "assay@example.test" }) });
  await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email, role: "auditor", password: oldPassword } });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await smtp.close();
  t.close();
});

/** A browser's cookie jar for one site, over real HTTP. */
function browser() {
  const jar = new Map<string, string>();
  const go = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(base + path, { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return { res, html: await res.text() };
  };
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return {
    get: go,
    async post(path: string, formPath: string, fields: Record<string, string>) {
      const page = await go(formPath);
      return go(path, { method: "POST", body: new URLSearchParams({ _csrf: csrfOf(page.html), ...fields }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    },
  };
}

async function waitForMail(count: number) {
  for (let i = 0; i < 100 && smtp.mails.length < count; i++) await new Promise((r) => setTimeout(r, 50));
  expect(smtp.mails).toHaveLength(count);
  return smtp.mails[count - 1];
}

const signIn = (b: ReturnType<typeof browser>, password: string) => b.post("/login", "/login", { email, password, next: "/" });

describe("password reset by e-mail", () => {
  let link = "";

  it("the sign-in page links to the form; known and unknown addresses get the same answer", async () => {
    const b = browser();
    expect((await b.get("/login")).html).toContain('href="/login/forgot"');
    const unknown = await b.post("/login/forgot", "/login/forgot", { email: "nobody@example.test" });
    const known = await b.post("/login/forgot", "/login/forgot", { email });
    expect([unknown.res.status, known.res.status]).toEqual([200, 200]);
    const answer = (html: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];
    expect(answer(known.html)).toBe(answer(unknown.html));
    expect(answer(known.html)).toContain("If an account has this address");
    const mail = await waitForMail(1);
    expect(mail.to).toEqual([email]);
    expect(mail.subject).toBe("Reset your Assay password");
    link = /https:\/\/assay\.example\.test(\/login\/reset\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "";
    expect(link).not.toBe("");
    // the token is stored only as its hash, and the outbox row no longer holds it once sent
    const token = new URL(link, base).searchParams.get("token")!;
    const [reset] = await t.database.db.select().from(passwordResets).where(eq(passwordResets.tokenHash, sha256(token)));
    expect(reset).toMatchObject({ email, usedAt: null, expiresAt: t.clock.now() + 3_600_000 });
    // the mail is out; the worker marks its row right after (the request did not wait for it)
    const resetRow = async () => (await t.database.db.select().from(notifications).where(eq(notifications.event, "password.reset")))[0];
    for (let i = 0; i < 100 && (await resetRow()).status !== "sent"; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await resetRow()).toMatchObject({ status: "sent", payload: { token: null } });
    // a forged post without the form's token does nothing
    const forged = await fetch(base + "/login/forgot", { method: "POST", body: new URLSearchParams({ email }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(forged.status).toBe(403);
  });

  it("sets a new password once: the policy applies, sessions end, the trail records it, the link is spent", async () => {
    const signedIn = browser();
    expect((await signIn(signedIn, oldPassword)).res.status).toBe(303);
    const [{ userId }] = await t.database.db.select({ userId: sessions.userId }).from(sessions);

    const b = browser();
    const form = await b.get(link);
    expect(form.res.status).toBe(200);
    expect(form.html).toContain('name="password"');
    expect(form.res.headers.get("cache-control")).toBe("no-store");
    const token = new URL(link, base).searchParams.get("token")!;
    const weak = await b.post("/login/reset", link, { token, password: "password", confirm: "password" });
    expect(weak.res.status).toBe(400);
    expect(weak.html).toContain("This password is not allowed");
    const differ = await b.post("/login/reset", link, { token, password: "a long new passphrase", confirm: "a long new passphrase!" });
    expect(differ.html).toContain("The two passwords differ.");

    const done = await b.post("/login/reset", link, { token, password: "a long new passphrase", confirm: "a long new passphrase" });
    expect(done.res.status).toBe(200);
    expect(done.html).toContain("Your password is set.");
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(0);
    expect((await signedIn.get("/", { headers: { accept: "text/html" } })).res.status).toBe(302);
    const [entry] = await t.database.db.select().from(auditTrail).where(eq(auditTrail.action, "user.password_reset"));
    expect(entry).toMatchObject({ actor: email, entity: "user", entityId: String(userId) });

    // single use
    const again = await b.post("/login/reset", link, { token, password: "another long passphrase", confirm: "another long passphrase" });
    expect(again.res.status).toBe(404);
    expect((await b.get(link)).html).toContain("This link is invalid, used or expired.");
    expect((await signIn(browser(), oldPassword)).res.status).toBe(401);
    expect((await signIn(browser(), "a long new passphrase")).res.status).toBe(303);
  });

  it("expires after one hour", async () => {
    const b = browser();
    await b.post("/login/forgot", "/login/forgot", { email });
    const mail = await waitForMail(2);
    const fresh = /https:\/\/assay\.example\.test(\/login\/reset\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const token = new URL(fresh, base).searchParams.get("token")!;
    t.clock.set(t.clock.now() + 3_600_000 - 1);
    expect((await b.get(fresh)).res.status).toBe(200);
    t.clock.set(t.clock.now() + 1);
    expect((await b.get(fresh)).res.status).toBe(404);
    const late = await b.post("/login/reset", "/login/forgot", { token, password: "yet another passphrase", confirm: "yet another passphrase" });
    expect(late.res.status).toBe(404);
  });

  it("limits requests per e-mail address", async () => {
    t.clock.set("2026-11-03T10:00:00Z");
    const b = browser();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await b.post("/login/forgot", "/login/forgot", { email: "limited@example.test" })).res.status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

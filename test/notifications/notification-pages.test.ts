// The notification pages: the admin's outbox with its delivery state, webhook channels added, tested and removed
// through forms (CSRF, validation, the secret sealed), everyone's e-mail choice; each user's own choice; the role
// checks.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationChannels, notificationPreferences, notifications, users } from "../../server/db/schema.js";
import { notifyConfigFromEnv } from "../../server/notifications/config.js";
import { enqueueIngestFailure } from "../../server/notifications/enqueue.js";
import { deliverDue } from "../../server/notifications/worker.js";
import { runNotifications } from "../../server/notifications/notify-run.js";
import { requestPasswordReset } from "../../server/auth/password-reset.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { startHttpReceiver, type HttpReceiver } from "../support/mail-receivers.js";
import { englishLeaks } from "../support/english-leaks.js";

let t: TestApp;
let hook: HttpReceiver;
let admin: { cookie: string; csrf: string; email: string };
const config = notifyConfigFromEnv({ ASSAY_SECRET_KEY: "page test key", ASSAY_BASE_URL: "https://assay.example.test" });

beforeAll(async () => {
  hook = await startHttpReceiver();
  t = await buildTestApp({ notify: config });
  admin = await t.session("admin");
});
afterAll(async () => {
  await hook.close();
  t.close();
});

const form = (s: { cookie: string; csrf: string }, fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams({ _csrf: s.csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
  return { method: "POST", body, headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" } };
};
const page = (s: { cookie: string }, path: string) => t.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });

describe("the notifications admin page", () => {
  it("is for admins only", async () => {
    const auditor = await t.session("auditor");
    expect((await page(auditor, "/admin/notifications")).status).toBe(403);
    expect((await t.app.request("/admin/notifications/channels", form(auditor, { name: "x" }))).status).toBe(403);
    expect((await page(admin, "/admin/notifications")).status).toBe(200);
  });

  it("adds a channel (the secret sealed), refuses an invalid one, tests and removes it", async () => {
    const bad = await t.app.request("/admin/notifications/channels", form(admin, { name: "", kind: "dingtalk", url: "ftp://x", events: [] }));
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('class="error-box"');
    expect(badHtml).toContain("Webhook URL");

    const noCsrf = await t.app.request("/admin/notifications/channels", { ...form(admin, { name: "x" }), body: new URLSearchParams({ name: "x" }) });
    expect(noCsrf.status).toBe(403);

    const added = await t.app.request(
      "/admin/notifications/channels",
      form(admin, { name: "Ops <DingTalk>", kind: "dingtalk", url: `${hook.url}/robot/send?access_token=secret-token`, secret: "SECabc", secret_env: "", locale: "zh-CN", events: ["action.overdue", "ingest.failed"] }),
    );
    expect(added.status).toBe(303);
    const [ch] = await t.database.db.select().from(notificationChannels);
    expect(ch).toMatchObject({ name: "Ops <DingTalk>", kind: "dingtalk", locale: "zh-CN", events: ["action.overdue", "ingest.failed"], secretEnv: null });
    expect(ch.secretEncrypted).toMatch(/^v1:/);
    const html = await (await page(admin, "/admin/notifications?notice=added")).text();
    expect(html).toContain("Channel added.");
    expect(html).toContain("Ops &lt;DingTalk&gt;");
    expect(html).not.toContain("secret-token"); // the robot's token is not shown back
    expect(html).not.toContain("SECabc");

    const tested = await t.app.request(`/admin/notifications/channels/${ch.id}/test`, form(admin, {}));
    expect(tested.status).toBe(200);
    expect(await tested.text()).toContain("Test message delivered.");
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0].query.get("sign")).toBeTruthy();
    hook.answer = () => ({ status: 200, body: JSON.stringify({ errcode: 310000, errmsg: "sign not match" }) });
    const refused = await t.app.request(`/admin/notifications/channels/${ch.id}/test`, form(admin, {}));
    expect(refused.status).toBe(502);
    expect(await refused.text()).toContain("sign not match");

    expect((await t.app.request(`/admin/notifications/channels/${ch.id}/delete`, form(admin, {}))).status).toBe(303);
    expect(await t.database.db.select().from(notificationChannels)).toHaveLength(0);
  });

  it("shows the outbox with each row's state, attempts and last error", async () => {
    hook.answer = () => ({ status: 500, body: "receiver down" });
    await t.app.request("/admin/notifications/channels", form(admin, { name: "generic", kind: "generic", url: `${hook.url}/hook`, events: ["ingest.failed"] }));
    await t.database.db.transaction((tx) => enqueueIngestFailure(tx, "nightly sync", "connection refused", t.clock.now()));
    await deliverDue({ database: t.database, clock: t.clock, config });
    const rows = await t.database.db.select().from(notifications);
    // no SMTP_URL in this app: the e-mail waits untried; the refused webhook waits for its retry
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.lastError])).toEqual([
      ["email", "pending", 0, null],
      ["webhook", "pending", 1, "HTTP 500: receiver down"],
    ]);
    const html = await (await page(admin, "/admin/notifications")).text();
    expect(html).toContain('class="badge badge-pending"');
    expect(html).toContain("HTTP 500: receiver down");
    const sentOnly = await (await page(admin, "/admin/notifications?status=sent")).text();
    expect(sentOnly).not.toContain("HTTP 500: receiver down");
    expect(sentOnly).toContain("Nothing in the outbox.");
  });
});

describe("my notifications", () => {
  it("each user sets their own e-mail choice; an admin sets anyone's", async () => {
    const manager = await t.session("manager");
    const [me] = await t.database.db.select().from(users).where(eq(users.email, manager.email));
    expect(await (await page(manager, "/notifications/preferences")).text()).toContain('<option value="immediately" selected="">');
    expect((await t.app.request("/notifications/preferences", form(manager, { email: "daily_digest" }))).status).toBe(303);
    expect(await t.database.db.select({ mode: notificationPreferences.mode }).from(notificationPreferences).where(eq(notificationPreferences.userId, me.id))).toEqual([{ mode: "daily_digest" }]);
    // the user_id field of another user is ignored: the page sets the signed-in user's own
    expect((await t.app.request("/admin/notifications/preferences", form(manager, { user_id: String(me.id), email: "off" }))).status).toBe(403);
    expect((await t.app.request("/admin/notifications/preferences", form(admin, { user_id: String(me.id), email: "off" }))).status).toBe(303);
    expect(await (await page(manager, "/notifications/preferences")).text()).toContain('<option value="off" selected="">');
  });
});

describe("in Chinese", () => {
  it("the admin page, my notifications and the reset pages have no English left", async () => {
    const zh = await t.session("admin");
    const auditor = await t.session("auditor");
    await t.database.client.execute({ sql: "UPDATE users SET locale = 'zh-CN' WHERE email IN (?, ?)", args: [zh.email, auditor.email] });
    const textOf = (html: string) => html.replace(/<(script|style)[\s\S]*?<\/\1>/g, " ").replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");
    const data = ["Assay", "Webhook", "HMAC-SHA256", "generic", "nightly sync", "connection refused", "HTTP 500: receiver down", "npx assay notify --now", "English", "简体中文"];
    for (const [who, path] of [[zh, "/admin/notifications"], [auditor, "/notifications/preferences"]] as const) {
      const res = await page(who, path);
      expect(res.status).toBe(200);
      const html = await res.clone().text();
      expect(html).toContain(path === "/admin/notifications" ? "发件箱" : "我的通知");
      expect({ path, leaks: englishLeaks(textOf(await res.text()), data) }).toEqual({ path, leaks: [] });
    }
    for (const path of ["/login/forgot", "/login/reset?token=nope"]) {
      const res = await t.app.request(path, { headers: { accept: "text/html", "accept-language": "zh-CN" } });
      expect({ path, leaks: englishLeaks(textOf(await res.text()), data) }).toEqual({ path, leaks: [] });
    }
  });
});

describe("a reset link that could not be sent", () => {
  it("fails after its hour and its token leaves the outbox", async () => {
    const [me] = await t.database.db.select().from(users).where(eq(users.email, admin.email));
    const { notificationId } = await requestPasswordReset(t.database.db, t.clock.now(), "127.0.0.9", { email: me.email });
    const row = async () => (await t.database.db.select().from(notifications).where(eq(notifications.id, notificationId!)))[0];
    expect((await row()).payload.token).toEqual(expect.any(String));
    await runNotifications({ database: t.database, clock: t.clock, config, timezone: "UTC" }); // no SMTP_URL: it waits
    expect(await row()).toMatchObject({ status: "pending", attempts: 0 });
    t.clock.set(t.clock.now() + 3_600_000);
    await runNotifications({ database: t.database, clock: t.clock, config, timezone: "UTC" });
    expect(await row()).toMatchObject({ status: "failed", lastError: "the link expired before it could be sent", payload: { token: null } });
  });
});


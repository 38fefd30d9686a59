// An overdue action e-mails its owner (in the owner's language, to a real SMTP server) and posts to a DingTalk,
// a WeCom and a Feishu webhook (a real HTTP receiver checking each platform's signature) exactly once — also when
// the scan and the worker run again after the app restarts on the same database file.
import { testCtx } from "../support/ctx.js";
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlan } from "../../audits/plans.js";
import { executeRun } from "../../audits/run-executor.js";
import { createRun } from "../../audits/runs.js";
import { createUser } from "../../server/auth/users.js";
import { systemContext } from "../../server/context.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { actions, notifications } from "../../server/db/schema.js";
import { defaultConfig } from "../../server/config.js";
import { addChannel } from "../../server/notifications/channels.js";
import { notifyConfigFromEnv } from "../../server/notifications/config.js";
import { runNotifications } from "../../server/notifications/notify-run.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "../support/mail-receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let hooks: HttpReceiver;
const dingSecret = "SECdingtalk-secret-0123456789";
const feishuSecret = "feishu-secret-abcdef";
let env: Record<string, string>;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-02T00:00:00Z" });
  smtp = await startSmtpReceiver();
  hooks = await startHttpReceiver();
  env = { SMTP_URL: smtp.url, MAIL_FROM: "Assay <assay@example.test>", ASSAY_BASE_URL: "https://assay.example.test", ASSAY_SECRET_KEY: "a test key that is long enough", FEISHU_SECRET: feishuSecret };
  await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "owner@example.test", role: "manager", password: "correct horse battery", name: "Owner" } });
  await t.database.client.execute("UPDATE users SET locale = 'zh-CN' WHERE email = 'owner@example.test'");
  const ctx = systemContext({ database: t.database, clock: t.clock, config: defaultConfig });
  const config = notifyConfigFromEnv(env);
  const events = ["action.overdue"];
  await addChannel({ ctx, config, input: { name: "ding", kind: "dingtalk", url: `${hooks.url}/robot/send?access_token=tok`, secret: dingSecret, events } });
  await addChannel({ ctx, config, input: { name: "wecom", kind: "wecom", url: `${hooks.url}/cgi-bin/webhook/send?key=wecom-key`, events } });
  await addChannel({ ctx, config, input: { name: "feishu", kind: "feishu", url: `${hooks.url}/open-apis/bot/v2/hook/abc`, secret_env: "FEISHU_SECRET", events } });
  // 120 incidents without an assignee: REC-COMPLETE fails, a minor nonconformity with an action due in 90 days
  const tickets = Array.from({ length: 120 }, (_, i) => ticket(i + 1, { assignee: null }));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const plan = await createPlan({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { name: "records", rules: ["REC-COMPLETE"], owner: "owner@example.test" } });
  const run = await createRun({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { planId: plan.id, trigger: "manual" } });
  expect(await executeRun(t.database, t.clock, run.id, "test:1")).toEqual({ runId: run.id, status: "completed" });
});

afterAll(async () => {
  await smtp.close();
  await hooks.close();
  t.close();
});

const pass = (database: Database) => runNotifications({ database, clock: t.clock, config: notifyConfigFromEnv(env), timezone: "UTC" });

describe("an overdue action", () => {
  it("the run's completion enqueued the assignment in its own transaction and the worker mailed it", async () => {
    const [action] = await t.database.db.select().from(actions);
    expect(action).toMatchObject({ owner: "owner@example.test", dueDate: "2027-01-31" });
    const result = await pass(t.database);
    expect(result).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    const subjects = smtp.mails.map((m) => m.headers.get("x-assay-event"));
    expect(subjects.sort()).toEqual(["action.assigned", "run.nonconformities"]);
    // no webhook subscribed to those events
    expect(hooks.requests).toHaveLength(0);
  });

  it("e-mails its owner in the owner's language and posts signed messages to DingTalk, WeCom and Feishu, once, across a restart", async () => {
    t.clock.set("2027-02-01T09:00:00Z");
    const before = smtp.mails.length;
    expect(await pass(t.database)).toMatchObject({ enqueued: 4, sent: 4, retried: 0, failed: 0 });

    // the app stops and starts again on the same file: the scan finds the same overdue action, the worker nothing due
    const reopened = await openDatabase(t.url);
    try {
      t.clock.set("2027-02-01T09:05:00Z");
      expect(await pass(reopened)).toMatchObject({ enqueued: 0, sent: 0 });
      t.clock.set("2027-02-02T09:05:00Z");
      expect(await pass(reopened)).toMatchObject({ enqueued: 0, sent: 0 });
    } finally {
      reopened.close();
    }

    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.to).toEqual(["owner@example.test"]);
    expect(mail.subject).toBe("改进措施已逾期（截止 2027-01-31）：Remediate REC-COMPLETE");
    expect(mail.text).toContain("https://assay.example.test/findings");
    expect(mail.html).toContain('<a href="https://assay.example.test/findings">在 Assay 中打开</a>');

    const ding = hooks.requests.filter((r) => r.path === "/robot/send");
    const wecom = hooks.requests.filter((r) => r.path === "/cgi-bin/webhook/send");
    const feishu = hooks.requests.filter((r) => r.path === "/open-apis/bot/v2/hook/abc");
    expect([ding.length, wecom.length, feishu.length, hooks.requests.length]).toEqual([1, 1, 1, 3]);

    // DingTalk: timestamp in ms and sign = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) in the query
    const d = ding[0];
    expect(d.query.get("access_token")).toBe("tok");
    const ts = d.query.get("timestamp")!;
    expect(ts).toBe(String(Date.parse("2027-02-01T09:00:00Z")));
    expect(d.query.get("sign")).toBe(createHmac("sha256", dingSecret).update(`${ts}\n${dingSecret}`).digest("base64"));
    const dBody = JSON.parse(d.body);
    expect(dBody.msgtype).toBe("markdown");
    expect(dBody.markdown.title).toContain("Remediate REC-COMPLETE");
    expect(dBody.markdown.text).toContain("(https://assay.example.test/findings)");

    // WeCom: markdown, the key in the URL, no signature
    const w = wecom[0];
    expect(w.query.get("key")).toBe("wecom-key");
    expect(JSON.parse(w.body)).toMatchObject({ msgtype: "markdown", markdown: { content: expect.stringContaining("Remediate REC-COMPLETE") } });

    // Feishu: timestamp in seconds and sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")) in the body
    const f = JSON.parse(feishu[0].body);
    expect(f.timestamp).toBe(String(Date.parse("2027-02-01T09:00:00Z") / 1000));
    expect(f.sign).toBe(createHmac("sha256", `${f.timestamp}\n${feishuSecret}`).digest("base64"));
    expect(f).toMatchObject({ msg_type: "text", content: { text: expect.stringContaining("was due on 2027-01-31") } });

    // every delivery carries the outbox row's idempotency key
    const keys = [d, w, feishu[0]].map((r) => r.headers["idempotency-key"]);
    expect(new Set(keys).size).toBe(3);
    const rows = await t.database.db.select().from(notifications).where(and(eq(notifications.event, "action.overdue")));
    expect(rows.map((r) => [r.channel, r.status, r.attempts]).sort()).toEqual([["email", "sent", 1], ["webhook", "sent", 1], ["webhook", "sent", 1], ["webhook", "sent", 1]]);
  });
});

// `assay notify --now` in a child process: it scans, sends what is due to a real SMTP server, reports in the
// command line's language, and a second run sends nothing again.
import { testCtx } from "../support/ctx.js";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../server/auth/users.js";
import { notifyIngestFailure } from "../../server/notifications/enqueue.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { repoRoot } from "../support/cli.js";
import { startSmtpReceiver, type SmtpReceiver } from "../support/mail-receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await buildTestApp();
  await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "ops@example.test", role: "admin", password: "correct horse battery" } });
});
afterAll(async () => {
  await smtp.close();
  t.close();
});

/** The real command, asynchronously: the SMTP server runs in this process and must keep answering. */
function notifyNow(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), "notify", "--now"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.url, SMTP_URL: smtp.url, ASSAY_BASE_URL: "https://assay.example.test", LOG_LEVEL: "silent", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("assay notify --now", () => {
  it("sends what is due once and says so in the command line's language", async () => {
    await notifyIngestFailure(t.database.db, "servicenow nightly", "401 from the API", Date.now());
    const first = await notifyNow({ ASSAY_LOCALE: "zh-CN" });
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("通知：已发送 1 条，待重试 0 条，失败 0 条。");
    expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([[["ops@example.test"], "Import failed: servicenow nightly"]]);
    const second = await notifyNow({ ASSAY_LOCALE: "en" });
    expect(second.stdout).toContain("Notifications: 0 sent, 0 to retry, 0 failed.");
    expect(smtp.mails).toHaveLength(1);
  }, 60_000);

  it("asks for --now", async () => {
    const res = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "server", "cli.ts"), "notify"], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: t.url, ASSAY_LOCALE: "en" } });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d));
      child.on("close", (status) => resolve({ status, stderr }));
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("usage: assay notify --now");
  }, 60_000);
});

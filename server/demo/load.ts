// Loads the demo data set into an empty database (npm start): tickets, availability, activities, demo
// users, and the audit plans with a year of history.
import { systemContext } from "../context.js";
import { defaultConfig } from "../config.js";
import { count, eq, sql } from "drizzle-orm";
import type { Clock } from "../clock.js";
import type { Database } from "../db/client.js";
import { services, tickets, users } from "../db/schema.js";
import { generatePassword } from "../auth/passwords.js";
import { createUser, setUserLocale } from "../auth/users.js";
import { ingestActivityBatch, ingestMetricBatch } from "../ingest/metrics-activities.js";
import { ensureServices } from "../ingest/services.js";
import { recordBatch, TicketWriter } from "../ingest/tickets.js";
import { localeFromEnv, translator } from "../i18n/index.js";
import { demoActivities, demoMetrics, demoServices, demoTickets, demoWindow } from "./generate.js";
import { DemoIsoDetails } from "./iso-details.js";

/** The language of the loader's log lines (the console of `npm start` and `assay demo`). */
const t = translator(localeFromEnv(process.env));

export const demoUsers = [
  { email: "auditor@assay.local", name: "Lin Auditor", role: "auditor", locale: null },
  { email: "manager@assay.local", name: "Wang Manager", role: "manager", locale: null },
  { email: "compliance@assay.local", name: "Zhao Compliance", role: "compliance_officer", locale: null },
  { email: "viewer@assay.local", name: "Viewer", role: "viewer", locale: null },
  // Chinese colleagues: their pages and reports are in Chinese whatever the browser says
  { email: "wangfang@assay.local", name: "王芳", role: "auditor", locale: "zh-CN" },
  { email: "liqiang@assay.local", name: "李强", role: "manager", locale: "zh-CN" },
  { email: "chenjing@assay.local", name: "陈静", role: "compliance_officer", locale: "zh-CN" },
] as const;

export async function loadDemoIfEmpty(database: Database, clock: Clock, log: (line: string) => void) {
  const { db } = database;
  const [{ n }] = await db.select({ n: count() }).from(tickets);
  if (n > 0) {
    log(t("cli.demoSkipped", { n }));
    return false;
  }
  const started = Date.now();
  const now = clock.now();
  const w = demoWindow(now);
  log(t("cli.demoGenerating", { start: new Date(w.start).toISOString().slice(0, 10), end: new Date(w.end).toISOString().slice(0, 10), services: demoServices.length }));

  await db.transaction(async (tx) => {
    const ids = await ensureServices(tx, demoServices.map((s) => s.key));
    for (const s of demoServices) await tx.update(services).set({ name: s.name }).where(eq(services.id, ids.get(s.key)!));
  });

  const urgent: { id: string; resolvedAt: number }[] = [];
  const details = new DemoIsoDetails();
  const result = await db.transaction(async (tx) => {
    const writer = await TicketWriter.create(tx, now, { actor: "demo", source: "demo" });
    for (const chunk of demoTickets(w)) {
      details.enrich(chunk);
      await writer.write(tx, chunk);
      for (const t of chunk) if (t.kind === "incident" && t.priority === "urgent" && t.resolved_at) urgent.push({ id: t.id, resolvedAt: Date.parse(t.resolved_at) });
    }
    const r = await writer.finish(tx);
    await recordBatch(tx, now, "demo", "tickets", "demo", r, writer.revision);
    return r;
  });
  log(t("cli.demoTickets", { n: result.inserted }));

  const samples = demoMetrics(w);
  for (let i = 0; i < samples.length; i += 10_000) await ingestMetricBatch(db, now, "demo", samples.slice(i, i + 10_000));
  const activities = [...demoActivities(w, urgent), ...details.activities(w.start, w.end)];
  for (let i = 0; i < activities.length; i += 10_000) await ingestActivityBatch(db, now, "demo", activities.slice(i, i + 10_000));
  log(t("cli.demoSamples", { samples: samples.length, activities: activities.length }));

  await createDemoUsers(database, clock, log);
  const { loadDemoPlans } = await import("./plans.js");
  await loadDemoPlans(database, clock);
  const [{ runs }] = await db.all<{ runs: number }>(sql`SELECT count(*) AS runs FROM runs`);
  log(t("cli.demoPlans", { runs, seconds: (Date.now() - started) / 1000 }));
  return true;
}

/** Demo users share one password: DEMO_PASSWORD, or a generated one printed once. */
export async function createDemoUsers(database: Database, clock: Clock, log: (line: string) => void) {
  const [{ n }] = await database.db.select({ n: count() }).from(users).where(eq(users.email, demoUsers[0].email));
  if (n > 0) return;
  const password = process.env.DEMO_PASSWORD || generatePassword();
  for (const { locale, ...u } of demoUsers) {
    const user = await createUser({ ctx: systemContext({ database, clock, config: defaultConfig }, "demo"), input: { ...u, password } });
    if (locale) await setUserLocale({ ctx: systemContext({ database, clock, config: defaultConfig }, "demo"), input: { userId: user.id, data: { locale } } });
  }
  log("");
  log(t("cli.demoUsers"));
  for (const u of demoUsers) log(`    ${u.email.padEnd(24)} ${u.role.padEnd(20)} ${u.name}`);
  log(t("cli.demoPassword", { password: process.env.DEMO_PASSWORD ? t("cli.demoPasswordEnv") : password }));
}

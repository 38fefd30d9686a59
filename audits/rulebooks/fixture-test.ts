// `assay rulebook test FILE --fixtures DIR`: a rulebook's own tests, like a compliance-as-code profile's. The fixture
// data (tickets.json or tickets.csv, activities.json, metrics.json), a plan.json (period, timezone, services, and
// optionally now, rules, thresholds) and expected.json (per rule: its expected status, and optionally its value)
// go into a fresh temporary libSQL file; the rulebook is imported there and judged by the real run executor.
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { fixedClock } from "../../server/clock.js";
import { defaultConfig } from "../../server/config.js";
import { systemContext } from "../../server/context.js";
import { activityBatchSchema, metricBatchSchema, periodSchema, ticketBatchSchema } from "../../server/contract/index.js";
import { openDatabase } from "../../server/db/client.js";
import { runResults } from "../../server/db/schema.js";
import { AppError, toIssues } from "../../server/errors.js";
import { importTicketsCsv } from "../../server/ingest/csv-import.js";
import { ingestActivityBatch, ingestMetricBatch } from "../../server/ingest/metrics-activities.js";
import { ingestTicketBatch } from "../../server/ingest/tickets.js";
import { prepareDatabase } from "../../server/startup.js";
import { eq } from "drizzle-orm";
import { createPlan } from "../plans.js";
import { executeRun } from "../run-executor.js";
import { createRun } from "../runs.js";
import { loadRulebookText } from "./format.js";
import { importRulebook } from "./store.js";

const statuses = ["pass", "fail", "pending", "error", "not_applicable", "waived"] as const;
const expectedSchema = z.record(
  z.string(),
  z.union([z.enum(statuses), z.strictObject({ status: z.enum(statuses), value: z.number().nullable().optional() })]),
);
const fixturePlanSchema = z.strictObject({
  period: periodSchema,
  timezone: z.string().default("UTC"),
  services: z.array(z.string()).nullable().optional(),
  rules: z.array(z.string()).nullable().optional(),
  thresholds: z.record(z.string(), z.number()).optional(),
  /** the instant the run is judged at (default: a day after the period ends) */
  now: z.string().optional(),
});

export interface FixtureRow {
  ruleId: string;
  expected: { status: string; value?: number | null } | null;
  actual: { status: string; value: number | null } | null;
  ok: boolean;
}

function readJson(dir: string, name: string): unknown {
  const file = join(dir, name);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw AppError.invalid(`${file}: ${(e as Error).message}`, [{ path: name, message: "not readable JSON" }]);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw AppError.invalid(`${file} is not valid`, toIssues(r.error.issues).map((i) => ({ ...i, path: `${file}:${i.path}` })));
  return r.data;
}

const same = (a: number | null | undefined, b: number | null) => (a === null || a === undefined ? b === null : b !== null && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a)));

/** Runs the rulebook over the fixtures in DIR; one row per rule of the run or of expected.json. */
export async function testRulebookWithFixtures(text: string, dir: string): Promise<{ rulebook: string; rows: FixtureRow[] }> {
  const { rulebook } = loadRulebookText(text);
  const plan = parse(fixturePlanSchema, readJson(dir, "plan.json"), "plan.json");
  const expected = parse(expectedSchema, readJson(dir, "expected.json"), "expected.json");
  const tmp = mkdtempSync(join(tmpdir(), "assay-rulebook-test-"));
  const database = await openDatabase(`file:${join(tmp, "fixtures.db")}`);
  try {
    const periodEnd = plan.period.type === "custom" ? Date.parse(plan.period.end) : NaN;
    const now = plan.now ? Date.parse(plan.now) : Number.isFinite(periodEnd) ? periodEnd + 86_400_000 : Date.now();
    const clock = fixedClock(now);
    await prepareDatabase(database, clock, { timezone: plan.timezone });
    const ctx = systemContext({ database, clock, config: { ...defaultConfig, timezone: plan.timezone } }, "rulebook-test");
    if (existsSync(join(dir, "tickets.json"))) {
      const raw = readJson(dir, "tickets.json");
      const { tickets } = parse(ticketBatchSchema, Array.isArray(raw) ? { tickets: raw } : raw, "tickets.json");
      await ingestTicketBatch(database.db, now, "rulebook-test", tickets, "fixtures");
    } else if (existsSync(join(dir, "tickets.csv"))) {
      await importTicketsCsv(database.db, now, "rulebook-test", createReadStream(join(dir, "tickets.csv")), { sourceName: "fixtures:tickets.csv" });
    }
    if (existsSync(join(dir, "activities.json"))) {
      const raw = readJson(dir, "activities.json");
      const { activities } = parse(activityBatchSchema, Array.isArray(raw) ? { activities: raw } : raw, "activities.json");
      await ingestActivityBatch(database.db, now, "rulebook-test", activities);
    }
    if (existsSync(join(dir, "metrics.json"))) {
      const raw = readJson(dir, "metrics.json");
      const { samples } = parse(metricBatchSchema, Array.isArray(raw) ? { samples: raw } : raw, "metrics.json");
      await ingestMetricBatch(database.db, now, "rulebook-test", samples);
    }
    const [id, version] = rulebook.version.split("@");
    await importRulebook({ ctx, input: { source: text } });
    const created = await createPlan({
      ctx,
      input: { name: `${rulebook.version} fixtures`, rulebook: id, rulebook_version: version, rules: plan.rules ?? null, thresholds: plan.thresholds ?? {}, services: plan.services ?? null, period: plan.period, timezone: plan.timezone },
    });
    const run = await createRun({ ctx, input: { planId: created.id, trigger: "manual" } });
    const outcome = await executeRun(database, clock, run.id, "rulebook-test");
    if (outcome?.status !== "completed") throw new AppError("internal", 500, `the run over the fixtures ${outcome?.status ?? "did not start"}`);
    const results = await database.db.select().from(runResults).where(eq(runResults.runId, run.id));
    const byId = new Map(results.map((r) => [r.ruleId, r]));
    const order = [...rulebook.rules.map((r) => r.id).filter((r) => byId.has(r) || r in expected), ...Object.keys(expected).filter((r) => !rulebook.rules.some((x) => x.id === r))];
    const rows = order.map((ruleId): FixtureRow => {
      const e = expected[ruleId];
      const want = e === undefined ? null : typeof e === "string" ? { status: e } : e;
      const got = byId.get(ruleId);
      const actual = got ? { status: got.status, value: got.value } : null;
      const ok = want === null ? true : actual !== null && actual.status === want.status && (want.value === undefined || same(want.value, actual.value));
      return { ruleId, expected: want, actual, ok };
    });
    return { rulebook: rulebook.version, rows };
  } finally {
    database.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Scheduled audit runs: node-cron per plan in the plan's time zone, one claim row per occurrence so that
// several processes on one database run it exactly once, one catch-up of missed occurrences at start-up,
// and the runner that executes runs and stores their report.
import { and, eq, isNotNull, isNull, max } from "drizzle-orm";
import cron, { type ScheduledTask } from "node-cron";
import { createRun, markInterruptedRuns } from "../audits/runs.js";
import type { RunHooks } from "../audits/run-executor.js";
import { runAndReport } from "../audits/start-run.js";
import { occurrencesBetween } from "../audits/schedule.js";
import type { Clock } from "./clock.js";
import { systemContext } from "./context.js";
import type { Database } from "./db/client.js";
import { plans, scheduleClaims } from "./db/schema.js";
import { defaultConfig, type AppConfig } from "./config.js";
import { logger } from "./log.js";
import { scheduleConnectors } from "./connectors/schedule.js";
import type { NotifyConfig } from "./notifications/config.js";
import { runNotifications } from "./notifications/notify-run.js";

export interface Scheduler {
  stop(): void;
  /** executes a run that was created by the API */
  startRun(runId: number): void;
  /** resolves when no run started by this scheduler is still executing */
  idle(): Promise<void>;
}

export interface SchedulerOptions {
  database: Database;
  clock: Clock;
  worker: string;
  hooks?: RunHooks;
  /** drive occurrences by polling the injected clock every pollMs instead of node-cron (a fast fake clock in tests) */
  pollMs?: number;
  /** how often plans are re-read to pick up new or changed schedules */
  refreshMs?: number;
  /** store the PDF report of each completed run (default true) */
  storeReports?: boolean;
  /** the organisation's time zone and language for the runs' context (default: defaultConfig) */
  config?: Partial<AppConfig>;
  /** send due notifications and scan for time-based events every `everyMs` (default 5 minutes) */
  notify?: { config: NotifyConfig; timezone: string; everyMs?: number };
}

/** Claims the occurrence and creates its run in one transaction; null when another process claimed it first. */
export async function claimOccurrence(database: Database, now: number, planId: number, scheduledFor: number, worker: string, trigger: "schedule" | "catch_up", config: Partial<AppConfig> = {}): Promise<number | null> {
  const ctx = systemContext({ database, clock: { now: () => now }, config: { ...defaultConfig, ...config } }, `schedule:${worker}`);
  return database.db.transaction(async (tx) => {
    const [claim] = await tx.insert(scheduleClaims).values({ planId, scheduledFor, worker, claimedAt: now }).onConflictDoNothing().returning();
    if (!claim) return null;
    const run = await createRun({ ctx, input: { planId, trigger, scheduledFor, worker }, tx });
    await tx.update(scheduleClaims).set({ runId: run.id }).where(and(eq(scheduleClaims.planId, planId), eq(scheduleClaims.scheduledFor, scheduledFor)));
    return run.id;
  });
}

interface ScheduledPlan {
  id: number;
  schedule: string;
  timezone: string;
  /** a plan runs no occurrence from before it existed */
  createdAt: number;
  task?: ScheduledTask;
  /** poll mode: occurrences up to here were handled */
  checkedUntil: number;
}

const dayMs = 86_400_000;

export async function startScheduler(opts: SchedulerOptions): Promise<Scheduler> {
  const { database, clock, worker } = opts;
  const executing = new Set<Promise<unknown>>();
  const planned = new Map<number, ScheduledPlan>();
  let stopped = false;

  const startRun = (runId: number) => {
    const p = runAndReport(database, clock, runId, worker, opts.hooks, opts.storeReports ?? true)
      .catch((e) => logger.error({ err: e, runId }, "run could not be executed"))
      .finally(() => executing.delete(p));
    executing.add(p);
  };

  const fire = async (planId: number, scheduledFor: number, trigger: "schedule" | "catch_up") => {
    if (stopped) return;
    try {
      const runId = await claimOccurrence(database, clock.now(), planId, scheduledFor, worker, trigger, opts.config);
      if (runId !== null) startRun(runId);
    } catch (e) {
      logger.error({ err: e, planId, occurrence: new Date(scheduledFor).toISOString() }, "scheduled occurrence failed");
    }
  };

  /** node-cron calls back at the occurrence; the occurrence is the latest one at or before now. */
  const onTick = (p: ScheduledPlan) => {
    const now = clock.now();
    const [latest] = occurrencesBetween(p.schedule, p.timezone, now - 400 * dayMs, now + 999, 1);
    if (latest !== undefined) void fire(p.id, latest, "schedule");
  };

  let refreshedAt: number | null = null;
  const refresh = async (checkedFrom?: number) => {
    const now = clock.now();
    const rows = await database.db.select().from(plans).where(and(isNull(plans.deletedAt), isNotNull(plans.schedule)));
    const seen = new Set<number>();
    for (const row of rows) {
      seen.add(row.id);
      const existing = planned.get(row.id);
      if (existing && existing.schedule === row.schedule && existing.timezone === row.timezone) continue;
      existing?.task?.destroy();
      const p: ScheduledPlan = { id: row.id, schedule: row.schedule!, timezone: row.timezone, createdAt: row.createdAt, checkedUntil: checkedFrom ?? refreshedAt ?? now };
      if (opts.pollMs === undefined) {
        p.task = cron.schedule(p.schedule, () => onTick(p), { timezone: p.timezone, name: `plan-${p.id}`, noOverlap: false });
        // a plan created or rescheduled since the last refresh may have had an occurrence in between
        if (refreshedAt !== null) {
          const [latest] = occurrencesBetween(p.schedule, p.timezone, Math.max(refreshedAt, row.updatedAt, row.createdAt), now, 1);
          if (latest !== undefined) void fire(p.id, latest, "schedule");
        }
      }
      planned.set(row.id, p);
    }
    refreshedAt = now;
    for (const [id, p] of planned) {
      if (!seen.has(id)) {
        p.task?.destroy();
        planned.delete(id);
      }
    }
  };

  /** Occurrences missed while no process was up: only the latest one after the last claim runs, once. */
  const catchUp = async () => {
    const now = clock.now();
    const rows = await database.db.select().from(plans).where(and(isNull(plans.deletedAt), isNotNull(plans.schedule)));
    for (const plan of rows) {
      const [{ last }] = await database.db.select({ last: max(scheduleClaims.scheduledFor) }).from(scheduleClaims).where(eq(scheduleClaims.planId, plan.id));
      const since = Math.max(last ?? 0, plan.createdAt);
      const [latest] = occurrencesBetween(plan.schedule!, plan.timezone, since, now, 1);
      if (latest !== undefined) await fire(plan.id, latest, "catch_up");
    }
    return now;
  };

  const poll = async () => {
    const now = clock.now();
    for (const p of planned.values()) {
      for (const at of occurrencesBetween(p.schedule, p.timezone, Math.max(p.checkedUntil, p.createdAt), now)) await fire(p.id, at, "schedule");
      p.checkedUntil = Math.max(p.checkedUntil, now);
    }
  };

  await markInterruptedRuns(database.db, clock.now(), worker);
  await refresh(await catchUp());
  // connector syncs run on node-cron in both modes: a fast fake clock has no meaning for a remote system's data
  const connectorSyncs = scheduleConnectors(database, clock, worker);
  await connectorSyncs.refresh();

  const timers: NodeJS.Timeout[] = [];
  let polling = false;
  if (opts.pollMs !== undefined) {
    timers.push(
      setInterval(() => {
        if (polling || stopped) return;
        polling = true;
        const p: Promise<unknown> = refresh()
          .then(() => poll())
          .catch((e) => logger.error({ err: e }, "scheduler poll failed"))
          .finally(() => {
            polling = false;
            executing.delete(p);
          });
        executing.add(p);
      }, opts.pollMs),
    );
  } else {
    timers.push(setInterval(() => void refresh().catch((e) => logger.error({ err: e }, "scheduler refresh failed")), opts.refreshMs ?? 60_000));
  }
  timers.push(setInterval(() => void connectorSyncs.refresh().catch((e) => logger.error({ err: e }, "connector schedule refresh failed")), opts.refreshMs ?? 60_000));
  if (opts.notify) {
    const notify = opts.notify;
    let notifying = false;
    timers.push(
      setInterval(() => {
        if (notifying || stopped) return;
        notifying = true;
        const p: Promise<unknown> = runNotifications({ database, clock, config: notify.config, timezone: notify.timezone })
          .catch((e) => logger.error({ err: e }, "notification pass failed"))
          .finally(() => {
            notifying = false;
            executing.delete(p);
          });
        executing.add(p);
      }, notify.everyMs ?? 5 * 60_000),
    );
  }
  for (const t of timers) t.unref();

  return {
    stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      for (const p of planned.values()) p.task?.destroy();
      planned.clear();
      connectorSyncs.stop();
    },
    startRun,
    async idle() {
      while (executing.size) await Promise.all([...executing]);
      await connectorSyncs.idle();
    },
  };
}

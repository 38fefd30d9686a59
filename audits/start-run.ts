// Starting an audit run: one verb for the API, the pages and the scheduler. A run is queued (createRun), then handed
// to whoever executes runs in this process (the scheduler's runner), or executed here when no scheduler runs; once it
// completed its PDF report is stored.
import type { Ctx } from "../server/context.js";
import type { Clock } from "../server/clock.js";
import type { Database } from "../server/db/client.js";
import type { Deps } from "../server/deps.js";
import { logger } from "../server/log.js";
import { storeRunReport } from "../reports/store.js";
import { executeRun, type RunHooks } from "./run-executor.js";
import { createRun, thisWorker, type Run } from "./runs.js";

/** Executes a queued run, then stores its PDF report; a report failure never fails the run. */
export async function runAndReport(database: Database, clock: Clock, runId: number, worker: string, hooks?: RunHooks, storeReport = true) {
  const outcome = await executeRun(database, clock, runId, worker, hooks);
  if (outcome?.status === "completed" && storeReport) {
    try {
      await storeRunReport(database, runId, clock.now());
    } catch (e) {
      logger.error({ err: e, runId }, "report of run could not be stored");
    }
  }
  return outcome;
}

/**
 * Starts a run of the plan by hand: queued (409 while the plan has one in progress), then handed over; answers the
 * queued run at once, it executes in the background.
 */
export async function startRun({ ctx, input, runner }: { ctx: Ctx; input: { planId: number }; runner: Pick<Deps, "database" | "clock" | "startRun"> }): Promise<Run> {
  const worker = thisWorker();
  const run = await createRun({ ctx, input: { planId: input.planId, trigger: "manual", worker } });
  if (runner.startRun) runner.startRun(run.id);
  else void runAndReport(runner.database, runner.clock, run.id, worker).catch((e) => ctx.log.error({ err: e, runId: run.id }, "run could not be executed"));
  return run;
}

// Scheduled audit runs: filled in by the audit-engine work (node-cron, occurrence claims, catch-up).
import type { Clock } from "./clock.js";
import type { Database } from "./db/client.js";

export interface Scheduler {
  stop(): void;
  /** executes a run that was created by the API */
  startRun(runId: number): void;
}

export async function startScheduler(_deps: { database: Database; clock: Clock; worker: string }): Promise<Scheduler> {
  return { stop() {}, startRun() {} };
}

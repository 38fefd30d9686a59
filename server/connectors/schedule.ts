// Scheduled connector syncs: one node-cron task per connector on its schedule (UTC), re-read with the plans. A sync
// already running (here or in another process) makes the occurrence a no-op: openSync refuses a second one.
import cron, { type ScheduledTask } from "node-cron";
import type { Clock } from "../clock.js";
import { systemContext } from "../context.js";
import type { Database } from "../db/client.js";
import { connectors } from "../db/schema.js";
import { defaultConfig } from "../config.js";
import { AppError } from "../errors.js";
import { logger } from "../log.js";
import { syncConnector } from "./rt/sync.js";

export interface ConnectorSchedule {
  refresh(): Promise<void>;
  stop(): void;
  idle(): Promise<void>;
}

/** node-cron's task name of a connector's schedule (tests find the task by it). */
export const connectorTaskName = (id: number) => `connector-${id}`;

export function scheduleConnectors(database: Database, clock: Clock, worker: string): ConnectorSchedule {
  const tasks = new Map<number, { schedule: string; task: ScheduledTask }>();
  const running = new Set<Promise<unknown>>();

  const fire = (id: number, name: string) => {
    const p = syncConnector({ ctx: systemContext({ database, clock, config: defaultConfig }, `schedule:${worker}`), input: { connector: id } })
      .then((s) => {
        if (s.status === "failed") logger.warn({ connector: name, error: s.error }, "scheduled connector sync failed");
      })
      .catch((e) => {
        if (e instanceof AppError && e.status === 409) return; // another process is syncing it
        logger.error({ err: e, connector: name }, "scheduled connector sync could not start");
      })
      .finally(() => running.delete(p));
    running.add(p);
  };

  return {
    async refresh() {
      const rows = await database.db.select({ id: connectors.id, name: connectors.name, schedule: connectors.schedule }).from(connectors);
      const seen = new Set<number>();
      for (const row of rows) {
        seen.add(row.id);
        const existing = tasks.get(row.id);
        if (existing?.schedule === row.schedule) continue;
        existing?.task.destroy();
        const task = cron.schedule(row.schedule, () => fire(row.id, row.name), { timezone: "UTC", name: connectorTaskName(row.id), noOverlap: true });
        tasks.set(row.id, { schedule: row.schedule, task });
      }
      for (const [id, t] of tasks) {
        if (!seen.has(id)) {
          t.task.destroy();
          tasks.delete(id);
        }
      }
    },
    stop() {
      for (const t of tasks.values()) t.task.destroy();
      tasks.clear();
    },
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
}

// Plan schedules: the occurrences Assay computes are the ones node-cron fires at, in every time zone and across DST changes.
import cron from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nextRunTime, occurrencesBetween } from "../../audits/schedule.js";

afterEach(() => vi.useRealTimers());

const expressions = ["0 2 1 * *", "30 */3 * * 1-5", "0 2 15W * *", "0 2 L * *", "0 2 LW * *", "0 2 * * 5L", "0 2 * * 1#2", "0 2 * * 5-1", "15 1 * * *", "45 2 * * 0", "0 3 1 1,4,7,10 *"];
const zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];

/** node-cron's own next runs from a fixed "now" (it reads the system clock). */
function nodeCronRuns(expr: string, timezone: string, now: number, count: number): number[] {
  vi.useFakeTimers({ toFake: ["Date"], now });
  const task = cron.createTask(expr, () => undefined, { timezone });
  try {
    return task.getNextRuns(count).map((d) => d.getTime());
  } finally {
    void task.destroy();
    vi.useRealTimers();
  }
}

describe("plan schedules in node-cron's dialect", () => {
  // a quarter that holds the March and the October/November DST changes of the zones above
  for (const now of [Date.parse("2026-03-01T00:00:00Z"), Date.parse("2026-09-20T00:00:00Z")]) {
    it(`agrees with node-cron's next runs from ${new Date(now).toISOString()}`, () => {
      for (const timezone of zones) {
        for (const expr of expressions) {
          const expected = nodeCronRuns(expr, timezone, now, 12);
          const ours: number[] = [];
          for (let after = now; ours.length < expected.length; ) {
            after = nextRunTime(expr, timezone, after)!;
            ours.push(after);
          }
          expect([timezone, expr, ours.map((t) => new Date(t).toISOString())]).toEqual([timezone, expr, expected.map((t) => new Date(t).toISOString())]);
          const last = expected[expected.length - 1];
          expect([timezone, expr, occurrencesBetween(expr, timezone, now, last)]).toEqual([timezone, expr, expected]);
          expect([timezone, expr, occurrencesBetween(expr, timezone, now, last, 3)]).toEqual([timezone, expr, expected.slice(-3)]);
        }
      }
    });
  }
});

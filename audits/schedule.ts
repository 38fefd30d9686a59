// Cron schedules of plans: validation, the next and previous occurrences in the plan's time zone, and words for people.
import { CronExpressionParser } from "cron-parser";

/**
 * What is wrong with a plan's schedule, or null. Five fields only: a sixth (seconds) once let a plan run every second.
 * And one minute value: then two runs differ at least in their hour, so an hour or more passes between them.
 */
export function scheduleProblem(expr: string): string | null {
  if (expr.trim().split(/\s+/).length !== 5) return "not a valid cron expression: a schedule is five fields (minute hour day-of-month month day-of-week), e.g. 0 2 1 * *";
  let minutes: readonly unknown[];
  try {
    minutes = CronExpressionParser.parse(expr, { tz: "UTC" }).fields.minute.values;
  } catch {
    return "not a valid cron expression, e.g. 0 2 1 * *";
  }
  if (minutes.length !== 1) return "runs more than once an hour: give one minute value, so that at least an hour passes between runs (e.g. 0 * * * *)";
  return null;
}

export function isValidCron(expr: string): boolean {
  return scheduleProblem(expr) === null;
}

export function nextRunTime(cron: string, timezone: string, after: number): number {
  return CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(after) }).next().getTime();
}

/** Occurrences in (from, to], oldest first, at most `limit` (the newest ones are kept). */
export function occurrencesBetween(cron: string, timezone: string, from: number, to: number, limit = 1000): number[] {
  const it = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(to + 1) });
  const out: number[] = [];
  while (out.length < limit) {
    let t: number;
    try {
      t = it.prev().getTime();
    } catch {
      break;
    }
    if (t <= from) break;
    out.push(t);
  }
  return out.reverse();
}

const weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const monthNames = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const num = /^\d+$/;
const pad = (v: string) => v.padStart(2, "0");

/** e.g. "monthly on day 1 at 02:00, Asia/Shanghai"; unusual expressions are shown as they are. */
export function scheduleInWords(cron: string | null, timezone: string): string {
  if (!cron) return "not scheduled";
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return `cron "${cron}", ${timezone}`;
  const [m, h, dom, mon, dow] = f;
  if (!num.test(m) || !num.test(h)) return `cron "${cron}", ${timezone}`;
  const at = `at ${pad(h)}:${pad(m)}, ${timezone}`;
  if (dom === "*" && mon === "*" && dow === "*") return `daily ${at}`;
  if (dom === "*" && mon === "*" && num.test(dow)) return `weekly on ${weekdays[Number(dow)]} ${at}`;
  if (num.test(dom) && mon === "*" && dow === "*") return `monthly on day ${dom} ${at}`;
  if (num.test(dom) && dow === "*" && (mon === "1,4,7,10" || mon === "*/3" || mon === "1-12/3")) return `quarterly on day ${dom} of Jan, Apr, Jul and Oct ${at}`;
  if (num.test(dom) && dow === "*" && num.test(mon)) return `yearly on ${monthNames[Number(mon)]} ${dom} ${at}`;
  return `cron "${cron}", ${timezone}`;
}

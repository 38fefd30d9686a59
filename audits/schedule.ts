// Cron schedules of plans in node-cron's dialect (node-cron runs them): validation, the occurrences in the plan's time zone, and words for people.
import { DateTime } from "luxon";
import cron, { type ScheduledTask } from "node-cron";
import { translator, type Translator } from "../server/i18n/index.js";

const english = translator("en");

/**
 * What is wrong with a plan's schedule, or null. node-cron both validates and runs schedules, so every
 * expression accepted here is one the scheduler will run (a second parser once accepted `H` and refused `15W`).
 * Five fields only: a sixth (seconds) once let a plan run every second. And one minute value: then two runs
 * differ at least in their hour, so an hour or more passes between them.
 */
export function scheduleProblem(expr: string): string | null {
  if (expr.trim().split(/\s+/).length !== 5) return "not a valid cron expression: a schedule is five fields (minute hour day-of-month month day-of-week), e.g. 0 2 1 * *";
  let minutes: readonly number[];
  try {
    const checked = cron.validateDetailed(expr);
    if (!checked.valid || !checked.fields) return "not a valid cron expression, e.g. 0 2 1 * *";
    minutes = checked.fields.minute;
  } catch {
    return "not a valid cron expression, e.g. 0 2 1 * *";
  }
  if (minutes.length !== 1) return "runs more than once an hour: give one minute value, so that at least an hour passes between runs (e.g. 0 * * * *)";
  // node-cron takes day combinations that never come (Feb 29 on a Monday does, every 28 years or so)
  if (nextRunTime(expr, "UTC", Date.UTC(2000, 0, 1)) === null) return "never runs: no day matches both the day of month and the day of week, e.g. 0 2 1 * *";
  return null;
}

export function isValidCron(expr: string): boolean {
  return scheduleProblem(expr) === null;
}

/** How far ahead a next run is looked for: longer than any cycle of the Gregorian calendar's weekdays and leap days. */
const horizonDays = 30 * 366;
const dayMs = 86_400_000;

interface Matcher {
  /** the day's date matches the day-of-month, month and day-of-week fields (L, W and # included) */
  day(year: number, month: number, day: number): boolean;
  /** node-cron would fire at this instant */
  at(ms: number): boolean;
  hours: number[];
  minutes: number[];
  seconds: number[];
}

const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);

/**
 * node-cron's own matcher decides every occurrence, so L, W, # and wrapping ranges mean what node-cron runs.
 * Its public surface matches instants but has no "previous" and no injected clock, so candidates (the fields'
 * hours, minutes and seconds on each local day) are enumerated here and each is judged by node-cron. Tasks are
 * created stopped and destroyed after use, which also takes them out of node-cron's registry. A six-field
 * schedule is refused for new plans but still runs for one stored before that rule, so seconds are honoured.
 */
function withMatcher<T>(expr: string, timezone: string, use: (m: Matcher) => T): T {
  const fields = cron.parse(expr);
  const [dom, month, dow] = expr.trim().split(/\s+/).slice(-3);
  const exact: ScheduledTask = cron.createTask(expr, () => undefined, { timezone });
  // the day fields do not depend on the time zone: judge a local date at its UTC midnight, one match per day
  const days: ScheduledTask = cron.createTask(`0 0 ${dom} ${month} ${dow}`, () => undefined, { timezone: "UTC" });
  try {
    return use({
      day: (y, mo, d) => days.match(new Date(Date.UTC(y, mo - 1, d))),
      at: (ms) => exact.match(new Date(ms)),
      hours: ascending(fields.hour),
      minutes: ascending(fields.minute),
      seconds: ascending(fields.second),
    });
  } finally {
    void exact.destroy();
    void days.destroy();
  }
}

/**
 * Occurrences in (from, to], oldest first (only the first with `firstOnly`). A local time skipped by a DST change
 * does not occur, as in node-cron. On a day without an offset change a local time converts by arithmetic, and
 * node-cron is asked only about candidates inside the range (asking costs tens of microseconds).
 */
function occurrencesIn(m: Matcher, timezone: string, from: number, to: number, firstOnly = false): number[] {
  const out = new Set<number>();
  const last = DateTime.fromMillis(to, { zone: timezone }).startOf("day");
  for (let d = DateTime.fromMillis(from, { zone: timezone }).startOf("day"); d <= last; d = d.plus({ days: 1 })) {
    if (!m.day(d.year, d.month, d.day)) continue;
    const offset = d.offset;
    const steady = d.endOf("day").offset === offset;
    for (const hour of m.hours) {
      for (const minute of m.minutes) {
        for (const second of m.seconds) {
          const ms = steady
            ? Date.UTC(d.year, d.month - 1, d.day, hour, minute, second) - offset * 60_000
            : DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour, minute, second }, { zone: timezone }).toMillis();
          if (ms > from && ms <= to && m.at(ms)) {
            out.add(ms);
            if (firstOnly) return [ms];
          }
        }
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

const minuteMs = 60_000;

/** The first occurrence after `after`, or null when none comes within the horizon (never for a validated schedule). */
export function nextRunTime(cron: string, timezone: string, after: number): number | null {
  return withMatcher(cron, timezone, (m) => {
    // growing windows: a frequent schedule is found without enumerating a month of candidates
    for (let from = after, width = minuteMs; from < after + horizonDays * dayMs; from += width, width = Math.min(width * 2, 32 * dayMs)) {
      const [first] = occurrencesIn(m, timezone, from, from + width, true);
      if (first !== undefined) return first;
    }
    return null;
  });
}

/** Occurrences in (from, to], oldest first, at most `limit` (the newest ones are kept). Searches back from `to` in growing windows, so the latest one is cheap to find. */
export function occurrencesBetween(cron: string, timezone: string, from: number, to: number, limit = 1000): number[] {
  return withMatcher(cron, timezone, (m) => {
    const found: number[][] = [];
    let count = 0;
    for (let end = to, width = minuteMs; end > from && count < limit; end -= width, width *= 2) {
      const chunk = occurrencesIn(m, timezone, Math.max(from, end - width), end);
      found.unshift(chunk);
      count += chunk.length;
    }
    return found.flat().slice(-limit);
  });
}

const num = /^\d+$/;
const pad = (v: string) => v.padStart(2, "0");

/**
 * e.g. "monthly on day 1 at 02:00, Asia/Shanghai" / "每月 1 日 02:00（Asia/Shanghai）", in the language of `tr`
 * (English by default: the API's schedule_words). Only plain numbers and `*` are put in words, which read the
 * same in every cron dialect; anything else (L, W, #, ranges, names) is shown as it is.
 */
export function scheduleInWords(cron: string | null, timezone: string, tr: Translator = english): string {
  if (!cron) return tr("plans.scheduleWords.none");
  const asIs = () => tr("plans.scheduleWords.cron", { cron, zone: timezone });
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return asIs();
  const [m, h, dom, mon, dow] = f;
  if (!num.test(m) || !num.test(h)) return asIs();
  const at = { time: `${pad(String(Number(h)))}:${pad(String(Number(m)))}`, zone: timezone };
  if (dom === "*" && mon === "*" && dow === "*") return tr("plans.scheduleWords.daily", at);
  // cron's 7 is Sunday as well as 0
  if (dom === "*" && mon === "*" && num.test(dow)) return tr("plans.scheduleWords.weekly", { ...at, weekday: String(Number(dow) % 7) });
  if (num.test(dom) && mon === "*" && dow === "*") return tr("plans.scheduleWords.monthly", { ...at, day: Number(dom) });
  if (num.test(dom) && dow === "*" && (mon === "1,4,7,10" || mon === "*/3" || mon === "1-12/3")) return tr("plans.scheduleWords.quarterly", { ...at, day: Number(dom) });
  if (num.test(dom) && dow === "*" && num.test(mon)) return tr("plans.scheduleWords.yearly", { ...at, day: Number(dom), month: String(Number(mon)) });
  return asIs();
}

// Audit periods: half-open [start, end) instants, calendar periods computed in the plan's time zone.
import { DateTime } from "luxon";
import type { PlanPeriod } from "../server/db/schema.js";
import { parseInstant } from "../server/contract/index.js";

export interface Period {
  start: number;
  end: number;
}

export const dayMs = 86_400_000;

/** The period a run evaluates when it starts at `at` (for a scheduled run: its occurrence). */
export function periodFor(period: PlanPeriod, timezone: string, at: number): Period {
  const local = DateTime.fromMillis(at, { zone: timezone });
  switch (period.type) {
    case "previous_month": {
      const end = local.startOf("month");
      return { start: end.minus({ months: 1 }).toMillis(), end: end.toMillis() };
    }
    case "previous_quarter": {
      const end = local.startOf("quarter");
      return { start: end.minus({ quarters: 1 }).toMillis(), end: end.toMillis() };
    }
    case "rolling_days": {
      const end = at - (at % 60_000);
      return { start: end - period.days * dayMs, end };
    }
    case "custom":
      return { start: parseInstant(period.start)!, end: parseInstant(period.end)! };
  }
}

/** The last complete calendar quarter ending on or before `asOf`, in the time zone. */
export function lastCompleteQuarter(asOf: number, timezone: string): Period {
  const end = DateTime.fromMillis(asOf, { zone: timezone }).startOf("quarter");
  return { start: end.minus({ quarters: 1 }).toMillis(), end: end.toMillis() };
}

/** Calendar months overlapping [start, end) in the time zone, clipped to the period. */
export function monthsOf(period: Period, timezone: string): { month: string; start: number; end: number }[] {
  const out: { month: string; start: number; end: number }[] = [];
  let m = DateTime.fromMillis(period.start, { zone: timezone }).startOf("month");
  while (m.toMillis() < period.end) {
    const next = m.plus({ months: 1 });
    out.push({ month: m.toFormat("yyyy-MM"), start: Math.max(m.toMillis(), period.start), end: Math.min(next.toMillis(), period.end) });
    m = next;
  }
  return out;
}

/** 'YYYY-MM-DD' of an instant in the time zone. */
export function localDate(at: number, timezone: string): string {
  return DateTime.fromMillis(at, { zone: timezone }).toISODate()!;
}

/** Start of a local calendar day 'YYYY-MM-DD' in the time zone, as an instant. */
export function startOfLocalDate(date: string, timezone: string): number {
  return DateTime.fromISO(date, { zone: timezone }).startOf("day").toMillis();
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "utc" }).plus({ days }).toISODate()!;
}

export const iso = (ms: number) => new Date(ms).toISOString();

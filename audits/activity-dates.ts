// When an activity counts, in SQL over the activities table: an instant as it is; a bare date (YYYY-MM-DD) as
// that day in the plan's time zone, from the day's first instant (rulebook.md, "Audit period").
import { sql, type SQL } from "drizzle-orm";
import { activities } from "../server/db/schema.js";
import { dayMs, isoDay, TimeZone } from "../server/time-zones.js";
import type { Period } from "./period.js";

// A bare date is stored with `at` = its UTC midnight, i.e. its day number × dayMs, so that comparing `at` with
// a day's UTC midnight compares days. date_only is null only on rows stored before it was recorded.
const bare = sql`${activities.dateOnly} = 1`;
const instant = sql`${activities.dateOnly} IS NOT 1`;

/** The first local day whose first instant is at or after `at`. */
function firstDayFrom(zone: TimeZone, at: number): number {
  const day = zone.localDay(at);
  return zone.startOfDay(day) >= at ? day : day + 1;
}

/** Dated in [start, end): an instant inside it, or a bare date whose first instant (plan's time zone) is. */
export function datedIn(period: Period, timezone: string): SQL {
  const zone = TimeZone.of(timezone);
  const from = firstDayFrom(zone, period.start) * dayMs, to = firstDayFrom(zone, period.end) * dayMs;
  // the outer range lets the (type, at) index narrow both kinds at once
  return sql`(${activities.at} >= ${Math.min(period.start, from)} AND ${activities.at} < ${Math.max(period.end, to)} AND ((${instant} AND ${activities.at} >= ${period.start} AND ${activities.at} < ${period.end}) OR (${bare} AND ${activities.at} >= ${from} AND ${activities.at} < ${to})))`;
}

/** Instant activities at or before `asOf`; bare dates whose first instant is. */
export function datedBy(asOf: number, timezone: string, kind: "instant" | "bare"): SQL {
  if (kind === "instant") return sql`(${instant} AND ${activities.at} <= ${asOf})`;
  return sql`(${bare} AND ${activities.at} <= ${TimeZone.of(timezone).localDay(asOf) * dayMs})`;
}

/** The instant an activity counts from: its own, or its day's first instant in the time zone. */
export function countedInstant(a: { at: number; dateOnly: boolean | null }, timezone: string): number {
  return a.dateOnly ? TimeZone.of(timezone).startOfDay(Math.floor(a.at / dayMs)) : a.at;
}

/** 'YYYY-MM-DD' an activity is dated: its bare date, or the instant's day in the time zone. */
export function countedDate(a: { at: number; dateOnly: boolean | null; date: string }, timezone: string): string {
  return a.dateOnly ? a.date : isoDay(TimeZone.of(timezone).localDay(a.at));
}

/** An integer literal (the offset table is fixed text per zone, not hundreds of parameters). */
const literal = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`${n} is not a safe integer`);
  return sql.raw(String(n));
};

/** Offsets (and where they change) over every instant a ticket may hold, plus the days a review may follow it. */
const tableFrom = Date.UTC(1969, 11, 25), tableTo = Date.UTC(2100, 0, 15);

/**
 * The local wall-clock time (ms since 1970-01-01T00:00 local) of an instant given as SQL: the instant plus the
 * zone's offset, read from the zone's offset changes as a balanced CASE tree (≈ 9 comparisons for a zone with
 * DST since 1970, none for a fixed offset).
 */
export function wallClockSql(timezone: string, at: SQL): SQL {
  const { changes, offsets } = TimeZone.of(timezone).segments(tableFrom, tableTo);
  const tree = (lo: number, hi: number): SQL => {
    if (lo === hi) return literal(offsets[lo]);
    const mid = (lo + hi + 1) >> 1;
    return sql`(CASE WHEN ${at} < ${literal(changes[mid - 1])} THEN ${tree(lo, mid - 1)} ELSE ${tree(mid, hi)} END)`;
  };
  return sql`(${at} + ${tree(0, offsets.length - 1)})`;
}

/**
 * An activity of the ticket dated from `resolved` to `withinMs` after it: an instant inside those bounds; a bare
 * date whose day (plan's time zone) is neither before the day of `resolved` nor after the day of the upper bound.
 * With at = D × dayMs: D ≥ day(r) ⇔ at > wall(r) − dayMs, and D ≤ day(u) ⇔ at ≤ wall(u).
 */
export function datedAfter(resolved: SQL, withinMs: number, timezone: string): SQL {
  const until = sql`(${resolved} + ${literal(withinMs)})`;
  const at = sql`+${activities.at}`;
  return sql`((${instant} AND ${at} >= ${resolved} AND ${at} <= ${until}) OR (${bare} AND ${at} > ${wallClockSql(timezone, resolved)} - ${literal(dayMs)} AND ${at} <= ${wallClockSql(timezone, until)}))`;
}

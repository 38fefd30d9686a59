// Business time in closed form agrees with the day-by-day walk it replaced (kept here only as the reference),
// across time zones with DST inside business hours and holidays; deadlines are the last instant within target.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { SlaCalendar } from "../../server/db/schema.js";
import { Random } from "../../server/demo/random.js";
import { deadlineAfter, elapsedMinutes } from "../../server/ingest/elapsed-time.js";

type Business = Extract<SlaCalendar, { type: "business" }>;
const minuteMs = 60_000;
const dayMs = 86_400_000;

/**
 * The former implementation: every local day from `from` to `to`, its open hours clipped to the interval. It
 * stepped with day.plus({ days: 1 }), which after a skipped midnight (São Paulo until 2019) kept stepping at
 * 01:00 and left out the last day; here it steps by calendar date.
 */
function walkMinutes(cal: Business, from: number, to: number): number {
  if (to <= from) return (to - from) / minuteMs;
  const holidays = new Set(cal.holidays);
  const [sh, sm] = cal.start.split(":").map(Number);
  const [eh, em] = cal.end.split(":").map(Number);
  const last = DateTime.fromMillis(to, { zone: cal.timezone }).toISODate()!;
  let total = 0;
  for (let date = DateTime.fromMillis(from, { zone: cal.timezone }).toISODate()!; date <= last; date = DateTime.fromISO(date, { zone: "utc" }).plus({ days: 1 }).toISODate()!) {
    const day = DateTime.fromISO(date, { zone: cal.timezone }).startOf("day");
    if (cal.days.includes(day.weekday) && !holidays.has(date)) {
      const open = day.set({ hour: sh, minute: sm }).toMillis();
      const close = day.set({ hour: eh, minute: em }).toMillis();
      const a = Math.max(open, from);
      const b = Math.min(close, to);
      if (b > a) total += (b - a) / minuteMs;
    }
  }
  return total;
}

const calendars: Business[] = [
  { type: "business", timezone: "UTC", days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: ["2026-12-25", "2027-01-01"] },
  // DST changes at 02:00 fall inside these hours, on Sundays that are business days
  { type: "business", timezone: "America/New_York", days: [1, 2, 3, 4, 5, 7], start: "01:00", end: "20:00", holidays: ["2026-11-26", "2026-07-03", "2027-03-14"] },
  { type: "business", timezone: "Europe/London", days: [7, 1, 3], start: "00:30", end: "23:30", holidays: ["2026-03-29", "2026-10-25", "2026-12-28"] },
  { type: "business", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5, 6], start: "08:30", end: "17:30", holidays: ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"] },
  // a 30-minute DST change at 02:00
  { type: "business", timezone: "Australia/Lord_Howe", days: [1, 2, 3, 4, 5, 6, 7], start: "01:15", end: "03:45", holidays: ["2026-10-04"] },
  { type: "business", timezone: "America/Sao_Paulo", days: [2, 4, 6], start: "07:00", end: "19:00", holidays: [] },
];

describe("business time in closed form", () => {
  it("equals the day-by-day walk on 2,000 random intervals of minutes to three years", () => {
    const rnd = new Random(20261124);
    const from0 = Date.parse("2015-01-01T00:00:00Z"), span = Date.parse("2031-01-01T00:00:00Z") - from0;
    const mismatches: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const cal = calendars[i % calendars.length];
      const from = from0 + Math.floor(rnd.next() * span / 1000) * 1000;
      const scale = rnd.chance(0.03) ? 3 * 365 * dayMs : rnd.pick([2 * 3600_000, 3 * dayMs, 40 * dayMs]);
      const to = from + Math.floor(rnd.next() * scale / 1000) * 1000 - (rnd.chance(0.05) ? scale / 10 : 0);
      const want = walkMinutes(cal, from, to), got = elapsedMinutes(cal, from, to);
      if (Math.abs(want - got) > 1e-6) mismatches.push(`${cal.timezone} ${new Date(from).toISOString()} → ${new Date(to).toISOString()}: walk ${want}, closed form ${got}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("puts each deadline on the last instant whose business time is still within the target", () => {
    const rnd = new Random(7);
    const from0 = Date.parse("2026-01-01T00:00:00Z");
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i++) {
      const cal = calendars[i % calendars.length];
      const from = from0 + Math.floor(rnd.next() * 365 * dayMs / 1000) * 1000;
      const target = rnd.pick([1, 30, 60, 120, 240, 1440, 2880, 4320, 0.5, 1000.25]);
      const deadline = deadlineAfter(cal, from, target);
      const at = walkMinutes(cal, from, deadline), after = walkMinutes(cal, from, deadline + 1);
      if (!(at <= target + 1e-9 && after > target)) mismatches.push(`${cal.timezone} ${new Date(from).toISOString()} + ${target}: ${new Date(deadline).toISOString()} has ${at}, a ms later ${after}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("computes ten-year intervals and deadlines from the weeks, not the days (a thousand of them complete)", () => {
    const cal = calendars[1];
    const from = Date.parse("2088-03-01T10:00:00Z"), to = Date.parse("2098-03-01T10:00:00Z");
    expect(elapsedMinutes(cal, from, to)).toBeCloseTo(walkMinutes(cal, from, to), 6);
    let sum = 0;
    // a walk costs ≈ 40 µs a day: these would take minutes, past the test's timeout
    for (let i = 0; i < 1000; i++) sum += elapsedMinutes(cal, from + i * 3_600_000, to + i * 60_000);
    expect(sum).toBeGreaterThan(0);
    const year = deadlineAfter(cal, Date.parse("2026-01-02T00:00:00Z"), 525_600);
    expect(walkMinutes(cal, Date.parse("2026-01-02T00:00:00Z"), year)).toBeCloseTo(525_600, 6);
  });
});

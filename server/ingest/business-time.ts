// Business time under an SLA calendar in closed form: whole weeks by arithmetic, holidays counted by range, each
// change of the calendar's UTC offset corrected on its own day; never a walk over the days in between.
import type { SlaCalendar } from "../db/schema.js";
import { dayMs, dayOf, minuteMs, TimeZone } from "../time-zones.js";

type BusinessCalendar = Extract<SlaCalendar, { type: "business" }>;

/** Monday = 1 … Sunday = 7 of a day number (1970-01-01 was a Thursday). */
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

const hhmm = (v: string) => {
  const [h, m] = v.split(":").map(Number);
  return (h * 60 + m) * minuteMs;
};

/** Days whose open hours need computing from the offset table, kept per calendar (a batch reuses a few days). */
const maxCachedDays = 4096;
/** No deadline lies further out than this (the widest calendar, one minute a week, and the largest target). */
const maxSearchDays = 2 ** 22;

export class BusinessHours {
  private static readonly cache = new Map<string, BusinessHours>();
  private readonly zone: TimeZone;
  private readonly open: number;
  private readonly close: number;
  private readonly nominal: number;
  private readonly isWeekday: boolean[];
  private readonly perWeek: number;
  /** holidays that fall on a business weekday, as sorted unique day numbers */
  private readonly holidays: number[];
  private readonly holidaySet: Set<number>;
  private readonly hours = new Map<number, readonly [number, number]>();

  private constructor(cal: BusinessCalendar) {
    this.zone = TimeZone.of(cal.timezone);
    this.open = hhmm(cal.start);
    this.close = hhmm(cal.end);
    this.nominal = this.close - this.open;
    this.isWeekday = Array.from({ length: 8 }, (_, d) => cal.days.includes(d));
    this.perWeek = this.isWeekday.filter(Boolean).length;
    const days = cal.holidays.map(dayOf).filter((d) => Number.isFinite(d) && this.isWeekday[weekdayOf(d)]);
    this.holidays = [...new Set(days)].sort((a, b) => a - b);
    this.holidaySet = new Set(this.holidays);
  }

  static of(cal: BusinessCalendar): BusinessHours {
    const key = JSON.stringify([cal.timezone, cal.days, cal.start, cal.end, cal.holidays]);
    let hours = BusinessHours.cache.get(key);
    if (!hours) {
      if (BusinessHours.cache.size >= 256) BusinessHours.cache.clear();
      hours = new BusinessHours(cal);
      BusinessHours.cache.set(key, hours);
    }
    return hours;
  }

  private isBusinessDay(day: number): boolean {
    return this.isWeekday[weekdayOf(day)] && !this.holidaySet.has(day);
  }

  /** [opening, closing] instants of a day, read (like luxon's DateTime#set) with the offset of the day's start. */
  private hoursOf(day: number): readonly [number, number] {
    let h = this.hours.get(day);
    if (!h) {
      const guess = this.zone.offsetMs(this.zone.startOfDay(day));
      h = [this.zone.instantOf(day * dayMs + this.open, guess), this.zone.instantOf(day * dayMs + this.close, guess)];
      if (this.hours.size >= maxCachedDays) this.hours.clear();
      this.hours.set(day, h);
    }
    return h;
  }

  /** business ms of one day inside [lo, hi] */
  private clipped(day: number, lo: number, hi: number): number {
    if (!this.isBusinessDay(day)) return 0;
    const [open, close] = this.hoursOf(day);
    return Math.max(0, Math.min(close, hi) - Math.max(open, lo));
  }

  /** business weekdays among days a..b (inclusive), holidays included */
  private weekdaysIn(a: number, b: number): number {
    const n = b - a + 1;
    let count = Math.floor(n / 7) * this.perWeek;
    for (let i = 0, w = weekdayOf(a); i < n % 7; i++, w = (w % 7) + 1) if (this.isWeekday[w]) count++;
    return count;
  }

  /** holidays on business weekdays among days a..b, by binary search */
  private holidaysIn(a: number, b: number): number {
    return firstAtLeast(this.holidays, b + 1) - firstAtLeast(this.holidays, a);
  }

  /** business ms of the whole days a..b: the nominal hours of each business day, corrected on the days the offset changes */
  private wholeDays(a: number, b: number): number {
    if (b < a) return 0;
    let total = (this.weekdaysIn(a, b) - this.holidaysIn(a, b)) * this.nominal;
    const changed = new Set<number>();
    for (const at of this.zone.transitions(a * dayMs - 2 * dayMs, (b + 1) * dayMs + 2 * dayMs)) {
      // a change at local midnight shortens or lengthens the day before it as well
      for (const day of [this.zone.localDay(at - 1), this.zone.localDay(at)]) if (day >= a && day <= b) changed.add(day);
    }
    for (const day of changed) {
      if (!this.isBusinessDay(day)) continue;
      const [open, close] = this.hoursOf(day);
      total += close - open - this.nominal;
    }
    return total;
  }

  /** business ms between two instants, from < to */
  private between(from: number, to: number): number {
    const first = this.zone.localDay(from), last = this.zone.localDay(to);
    if (first === last) return this.clipped(first, from, to);
    return this.clipped(first, from, Infinity) + this.wholeDays(first + 1, last - 1) + this.clipped(last, -Infinity, to);
  }

  /** Business minutes from `from` to `to` (calendar minutes, negative, when `to` is earlier). */
  minutes(from: number, to: number): number {
    if (to <= from) return (to - from) / minuteMs;
    return this.between(from, to) / minuteMs;
  }

  /**
   * The last instant (whole ms) at which the business time since `from` is still at most `minutes`: the target is
   * breached exactly when asOf is later. Found by searching the day whose business hours cross the target
   * (each probe is closed-form), then measuring inside that day.
   */
  deadline(from: number, minutes: number): number {
    const target = minutes * minuteMs;
    const first = this.zone.localDay(from);
    const firstPart = this.clipped(first, from, Infinity);
    if (firstPart > target) return Math.floor(Math.max(this.hoursOf(first)[0], from) + target);
    /** business ms from `from` to the end of day d (d > first) */
    const through = (d: number) => firstPart + this.wholeDays(first + 1, d);
    let lo = first, span = 1;
    for (;;) {
      const hi = first + span;
      if (through(hi) > target) break;
      lo = hi;
      if ((span *= 2) > maxSearchDays) throw new Error("no business time in the calendar to reach the target");
    }
    let hi = first + span;
    // invariant: through(lo) <= target < through(hi), lo = first counting as firstPart
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (through(mid) > target) hi = mid;
      else lo = mid;
    }
    const before = lo === first ? firstPart : through(lo);
    return Math.floor(this.hoursOf(hi)[0] + (target - before));
  }
}

/** index of the first element ≥ v in a sorted array */
function firstAtLeast(sorted: number[], v: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

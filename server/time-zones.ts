// UTC offsets of IANA time zones from a table built once per zone and year: local days, local wall-clock times
// and the instants where the offset changes, without asking Intl (≈ 8 µs a call) per instant.
import { IANAZone } from "luxon";

export const minuteMs = 60_000;
export const dayMs = 86_400_000;

/** The offset at the start of a UTC year and every change inside it. */
interface YearOffsets {
  first: number;
  /** instants (ascending) where the offset changes, and the offset from each on */
  changes: number[];
  offsets: number[];
}

/**
 * Offsets are sampled every seven days and each change is narrowed to the second it happens at (changes happen
 * on whole seconds, and Intl reads instants to the second). A change undone within seven days would be missed:
 * zones change offsets months apart (DST, the shortest a Ramadan pause of about a month) or for good. Checked
 * for every zone Node knows (418) from 1970 to 2040: the same changes as sampling every two days, which cost
 * 2.5 times as many Intl calls (≈ 8 µs each; a run's first activity-window rule built the table of 1969–2100
 * for its zone, ≈ 180 ms at two days).
 */
const sampleMs = 7 * dayMs;

export class TimeZone {
  private static readonly zones = new Map<string, TimeZone>();
  private readonly zone: IANAZone;
  private readonly years = new Map<number, YearOffsets>();

  private constructor(readonly name: string) {
    this.zone = IANAZone.create(name);
    if (!this.zone.isValid) throw new Error(`unknown time zone ${name}`);
  }

  static of(name: string): TimeZone {
    let zone = TimeZone.zones.get(name);
    if (!zone) {
      zone = new TimeZone(name);
      TimeZone.zones.set(name, zone);
    }
    return zone;
  }

  private intlOffset(at: number): number {
    return this.zone.offset(at) * minuteMs;
  }

  private year(y: number): YearOffsets {
    let data = this.years.get(y);
    if (data) return data;
    const start = Date.UTC(y, 0, 1), end = Date.UTC(y + 1, 0, 1);
    data = { first: this.intlOffset(start), changes: [], offsets: [] };
    let before = start, offset = data.first;
    while (before < end) {
      const after = Math.min(before + sampleMs, end);
      const next = this.intlOffset(after);
      if (next !== offset) {
        // the first second in (before, after] with the new offset
        let lo = before, hi = after;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.intlOffset(mid) === next) hi = mid;
          else lo = mid;
        }
        if (hi < end) {
          data.changes.push(hi);
          data.offsets.push(next);
        }
        offset = next;
      }
      before = after;
    }
    this.years.set(y, data);
    return data;
  }

  /** local time − UTC at the instant, in ms */
  offsetMs(at: number): number {
    const data = this.year(new Date(at).getUTCFullYear());
    let offset = data.first;
    for (let i = 0; i < data.changes.length && data.changes[i] <= at; i++) offset = data.offsets[i];
    return offset;
  }

  /** days since 1970-01-01 of the local calendar date at the instant */
  localDay(at: number): number {
    return Math.floor((at + this.offsetMs(at)) / dayMs);
  }

  /**
   * The instant of a local wall-clock time, reading the offset `guess` first (as luxon's DateTime#set does with
   * the offset of the day it starts from): a time that occurs twice takes the occurrence under `guess` (the
   * earlier one when `guess` is the offset before the change); a time skipped by a change moves forward by
   * the change.
   */
  instantOf(wall: number, guess = this.offsetMs(wall)): number {
    const at = wall - guess;
    const o2 = this.offsetMs(at);
    if (o2 === guess) return at;
    const at2 = at - (o2 - guess);
    const o3 = this.offsetMs(at2);
    if (o2 === o3) return at2;
    return wall - Math.min(o2, o3);
  }

  /** the first instant of a local day (days since 1970-01-01) */
  startOfDay(day: number): number {
    const wall = day * dayMs;
    // the offset a day earlier is the one before any change around this midnight, which makes instantOf
    // return the first instant whose local date is `day` (a skipped midnight moves on to the change)
    return this.instantOf(wall, this.offsetMs(wall - dayMs));
  }

  /** instants in [from, to) where the offset changes, ascending */
  transitions(from: number, to: number): number[] {
    const out: number[] = [];
    if (!(to > from)) return out;
    const last = new Date(to).getUTCFullYear();
    for (let y = new Date(from).getUTCFullYear(); y <= last; y++) {
      for (const at of this.year(y).changes) if (at >= from && at < to) out.push(at);
    }
    return out;
  }

  /** the offset in force at `from` and after each change until `to`: offsets[i + 1] holds from changes[i] on */
  segments(from: number, to: number): { changes: number[]; offsets: number[] } {
    const changes = this.transitions(from, to);
    return { changes, offsets: [this.offsetMs(from), ...changes.map((at) => this.offsetMs(at))] };
  }
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01) */
export const isoDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** day number of 'YYYY-MM-DD' */
export const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / dayMs);

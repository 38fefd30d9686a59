// The offset tables of server/time-zones.ts (offsets sampled every seven days, each change narrowed to its second)
// against Intl read hour by hour, on zones with unusual changes: Casablanca's Ramadan pause of about a month, Lord
// Howe's half-hour change, a southern-hemisphere zone, and the zones the product's tests and demo use.
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { TimeZone } from "../../server/time-zones.js";

const hourMs = 3_600_000;

/** Every change of offset in [from, to), found by reading Intl every hour and narrowing to the second. */
function changesByHour(name: string, from: number, to: number): number[] {
  const zone = IANAZone.create(name);
  const out: number[] = [];
  let prev = zone.offset(from);
  for (let t = from + hourMs; t < to; t += hourMs) {
    const o = zone.offset(t);
    if (o === prev) continue;
    let lo = t - hourMs, hi = t;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (zone.offset(mid) === o) hi = mid;
      else lo = mid;
    }
    out.push(hi);
    prev = o;
  }
  return out;
}

describe("time zone offset tables", () => {
  it.each(["Africa/Casablanca", "Australia/Lord_Howe", "America/Santiago", "America/New_York", "Europe/Berlin", "Asia/Shanghai"])(
    "find every change of %s from 2018 to 2028, to the second",
    (name) => {
      const from = Date.UTC(2018, 0, 1), to = Date.UTC(2028, 0, 1);
      const expected = changesByHour(name, from, to);
      expect(TimeZone.of(name).transitions(from, to)).toEqual(expected);
      if (name === "Africa/Casablanca") expect(expected.length).toBeGreaterThanOrEqual(16); // two a year, around Ramadan
      if (name === "Asia/Shanghai") expect(expected).toEqual([]);
    },
  );
});

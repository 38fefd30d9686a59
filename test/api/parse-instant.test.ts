// parseInstant over seeded random instants: its fast path (`…Z` as toISOString writes it) and its general path
// (any offset) agree, leap days are judged by the calendar, and only [1970-01-01, 2100-01-01) is accepted.
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../server/contract/index.js";
import { Random } from "../../server/demo/random.js";

const runs = 2000;
const from = Date.UTC(1970, 0, 1);
const until = Date.UTC(2100, 0, 1);
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

/** A random epoch ms in [lo, hi). */
const instantBetween = (random: Random, lo: number, hi: number) => lo + Math.floor(random.next() * (hi - lo));

/** The same instant in the general path's shapes: a numeric UTC offset, a space for the T, a lowercase z. */
function generalForms(iso: string): string[] {
  return [iso.replace("Z", "+00:00"), iso.replace("Z", "-0000"), iso.replace("T", " "), iso.replace("Z", "z")];
}

/** The instant written as the local time at `offsetMinutes` east of UTC, with that offset. */
function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

describe("parseInstant on seeded random instants", () => {
  it("reads a valid instant to its epoch ms on the fast path and on every general shape", () => {
    const random = new Random(20261124);
    for (let i = 0; i < runs; i++) {
      const ms = instantBetween(random, from, until);
      const iso = new Date(ms).toISOString();
      const seconds = `${iso.slice(0, 19)}Z`;
      const offset = random.int(-18 * 60, 18 * 60);
      const nanos = `${iso.slice(0, 23)}${pad(random.int(0, 999_999), 6)}Z`;
      expect([iso, parseInstant(iso)]).toEqual([iso, ms]);
      expect([seconds, parseInstant(seconds)]).toEqual([seconds, ms - (ms % 1000)]);
      for (const form of [...generalForms(iso), withOffset(ms, offset), nanos]) expect([form, parseInstant(form)]).toEqual([form, ms]);
    }
  });

  it("gives the same answer on both paths for any fields, impossible ones included, as the calendar does", () => {
    const random = new Random(7);
    for (let i = 0; i < runs; i++) {
      const [year, month, day] = [random.int(1970, 2099), random.int(0, 13), random.int(0, 32)];
      const [hour, minute, second, millis] = [random.int(0, 24), random.int(0, 60), random.int(0, 60), random.int(0, 999)];
      const fast = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(millis, 3)}Z`;
      const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
      const d = new Date(utc);
      const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
      const expected = real ? utc : null;
      expect([fast, parseInstant(fast)]).toEqual([fast, expected]);
      for (const form of generalForms(fast)) expect([form, parseInstant(form)]).toEqual([form, expected]);
    }
  });

  it("accepts 29 February of a leap year and refuses it in any other year, on both paths", () => {
    const random = new Random(29);
    const leapYears = Array.from({ length: 130 }, (_, i) => 1970 + i).filter(isLeap);
    const commonYears = Array.from({ length: 130 }, (_, i) => 1970 + i).filter((y) => !isLeap(y));
    expect(leapYears).toContain(2000);
    for (let i = 0; i < runs; i++) {
      const time = `${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}`;
      const leap = random.pick(leapYears);
      const common = random.pick(commonYears);
      const valid = `${leap}-02-29T${time}Z`;
      expect([valid, parseInstant(valid)]).toEqual([valid, Date.parse(valid)]);
      for (const form of generalForms(valid)) expect([form, parseInstant(form)]).toEqual([form, Date.parse(valid)]);
      const invalid = `${common}-02-29T${time}Z`;
      for (const form of [invalid, ...generalForms(invalid)]) expect([form, parseInstant(form)]).toEqual([form, null]);
    }
  });

  it("refuses instants before 1970 and from 2100 on, on both paths and whatever the offset", () => {
    const random = new Random(1969);
    for (let i = 0; i < runs; i++) {
      const before = instantBetween(random, Date.UTC(1000, 0, 1), from);
      const after = instantBetween(random, until, Date.UTC(9999, 11, 31));
      for (const ms of [before, after]) {
        const iso = new Date(ms).toISOString();
        for (const form of [iso, ...generalForms(iso), withOffset(ms, random.int(-18 * 60, 18 * 60))]) expect([form, parseInstant(form)]).toEqual([form, null]);
      }
    }
  });

  it("draws the range's edges to the millisecond", () => {
    expect(parseInstant("1970-01-01T00:00:00Z")).toBe(0);
    expect(parseInstant("1970-01-01T00:00:00+00:00")).toBe(0);
    expect(parseInstant("1969-12-31T23:59:59.999Z")).toBeNull();
    expect(parseInstant("1970-01-01T00:59:59.999+01:00")).toBeNull();
    expect(parseInstant("1969-12-31T23:00:00-01:00")).toBe(0);
    expect(parseInstant("2099-12-31T23:59:59.999Z")).toBe(until - 1);
    expect(parseInstant("2100-01-01T00:00:00Z")).toBeNull();
    expect(parseInstant("2100-01-01T00:59:59.999+01:00")).toBe(until - 1);
    expect(parseInstant("2099-12-31T23:00:00-01:00")).toBeNull();
  });
});

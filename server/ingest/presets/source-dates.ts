// Reads a source system's local dates ("27-03-2026 23:30" in Europe/Berlin) by a Luxon format: the usual numeric
// tokens compiled once to a regular expression (Luxon's fromFormat, at ≈ 2,600 rows/s, made a million-row import
// take minutes), any other format through Luxon itself; local time to UTC as Luxon does it.
import { DateTime, IANAZone } from "luxon";

type Part = "year" | "year2" | "month" | "monthName" | "day" | "hour" | "hour12" | "minute" | "second" | "millis" | "meridiem" | "skip";

const tokens: Record<string, [string, Part]> = {
  yyyy: ["(\\d{4})", "year"],
  yy: ["(\\d{2})", "year2"],
  MMM: ["([A-Za-z]{3})", "monthName"],
  LLL: ["([A-Za-z]{3})", "monthName"],
  MM: ["(\\d{2})", "month"],
  LL: ["(\\d{2})", "month"],
  M: ["(\\d{1,2})", "month"],
  L: ["(\\d{1,2})", "month"],
  dd: ["(\\d{2})", "day"],
  d: ["(\\d{1,2})", "day"],
  HH: ["(\\d{2})", "hour"],
  H: ["(\\d{1,2})", "hour"],
  hh: ["(\\d{2})", "hour12"],
  h: ["(\\d{1,2})", "hour12"],
  mm: ["(\\d{2})", "minute"],
  m: ["(\\d{1,2})", "minute"],
  ss: ["(\\d{2})", "second"],
  s: ["(\\d{1,2})", "second"],
  SSS: ["(\\d{3})", "millis"],
  a: ["(AM|PM|am|pm)", "meridiem"],
  EEE: ["([A-Za-z]{3})", "skip"],
};
/** a quoted literal, a run of one letter (a token: MMMM is not MMM then M), or any other character */
const tokenPattern = /'[^']*'|([A-Za-z])\1*|./g;
const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

type Reader = (value: string) => number | null;

/** A reader of one format in one zone: epoch ms, or null when the value does not have that form or is no real time. */
export function dateReader(format: string, zone: string): Reader {
  const parts: Part[] = [];
  let source = "";
  for (const token of format.match(tokenPattern) ?? []) {
    if (token.startsWith("'")) source += escape(token.slice(1, -1));
    else if (tokens[token]) {
      source += tokens[token][0];
      parts.push(tokens[token][1]);
    } else if (/^[A-Za-z]/.test(token)) return luxonReader(format, zone); // a token not compiled here
    else source += escape(token);
  }
  const pattern = new RegExp(`^${source}$`);
  const toUtc = utcOf(zone);
  return (value) => {
    const m = pattern.exec(value);
    if (!m) return null;
    let year = NaN, month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0, hour12 = -1, pm: boolean | null = null;
    for (let i = 0; i < parts.length; i++) {
      const v = m[i + 1];
      switch (parts[i]) {
        case "year": year = +v; break;
        case "year2": year = +v < 60 ? 2000 + +v : 1900 + +v; break;
        case "month": month = +v; break;
        case "monthName": month = monthNames.indexOf(v.toLowerCase()) + 1; break;
        case "day": day = +v; break;
        case "hour": hour = +v; break;
        case "hour12": hour12 = +v; break;
        case "minute": minute = +v; break;
        case "second": second = +v; break;
        case "millis": millis = +v; break;
        case "meridiem": pm = v.toLowerCase() === "pm"; break;
        case "skip": break;
      }
    }
    if (hour12 >= 0) {
      if (hour12 < 1 || hour12 > 12) return null;
      hour = (hour12 % 12) + (pm ? 12 : 0);
    }
    if (!Number.isFinite(year) || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (day > (month === 2 && leap ? 29 : monthDays[month - 1])) return null;
    return toUtc(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  };
}

function luxonReader(format: string, zone: string): Reader {
  return (value) => {
    const d = DateTime.fromFormat(value, format, { zone, locale: "en-US" });
    return d.isValid ? d.toMillis() : null;
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Local wall time (as if UTC) to the instant: a time repeated when the clocks go back is read as the earlier one,
 * a time in the gap when they go forward moves forward by the gap. Offsets are cached per quarter hour (zones
 * change offset on quarter hours).
 */
function utcOf(zoneName: string): (local: number) => number {
  if (zoneName === "UTC" || zoneName === "Etc/UTC") return (local) => local;
  const zone = IANAZone.create(zoneName);
  const cache = new Map<number, number>();
  const offset = (ts: number) => {
    const key = Math.floor(ts / 900_000);
    let o = cache.get(key);
    if (o === undefined) {
      o = zone.offset(key * 900_000);
      if (cache.size > 100_000) cache.clear();
      cache.set(key, o);
    }
    return o;
  };
  const day = 86_400_000;
  return (local) => {
    const before = offset(local - day), after = offset(local + day);
    const high = Math.max(before, after), low = Math.min(before, after);
    if (offset(local - high * 60_000) === high) return local - high * 60_000;
    if (offset(local - low * 60_000) === low) return local - low * 60_000;
    return local - low * 60_000;
  };
}

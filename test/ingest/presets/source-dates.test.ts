// Source dates read by compiled formats agree with Luxon's fromFormat, and the clock changes are read one way.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dateReader } from "../../../server/ingest/presets/source-dates.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("dateReader", () => {
  it("agrees with Luxon for every quarter hour around the 2026 clock changes, in several formats and zones", () => {
    const formats: [string, (d: DateTime) => string][] = [
      ["dd-MM-yyyy HH:mm", (d) => d.toFormat("dd-MM-yyyy HH:mm")],
      ["yyyy-MM-dd HH:mm:ss", (d) => d.toFormat("yyyy-MM-dd HH:mm:ss")],
      ["dd/LLL/yy h:mm a", (d) => d.toFormat("dd/LLL/yy h:mm a", { locale: "en-US" })],
    ];
    for (const zone of ["Europe/Berlin", "America/New_York", "Asia/Shanghai", "UTC"]) {
      for (const [format, write] of formats) {
        const read = dateReader(format, zone);
        for (const start of ["2026-03-07T00:00:00Z", "2026-03-28T00:00:00Z", "2026-10-24T00:00:00Z", "2026-10-31T00:00:00Z"]) {
          for (let q = 0; q < 4 * 72; q++) {
            const local = DateTime.fromISO(start, { zone }).plus({ minutes: 15 * q });
            const text = write(local);
            const luxon = DateTime.fromFormat(text, format, { zone, locale: "en-US" });
            // where a wall time occurs twice, both readings are right; ours is the earlier one (below)
            const repeated = [-1, 1].some((h) => write(local.plus({ hours: h })) === text);
            if (!repeated) expect([zone, text, iso(read(text))]).toEqual([zone, text, iso(luxon.toMillis())]);
          }
        }
      }
    }
  });

  it("reads a repeated wall time as the earlier instant and a skipped one forward", () => {
    const read = dateReader("yyyy-MM-dd HH:mm", "Europe/Berlin");
    expect(iso(read("2026-10-25 02:30"))).toBe("2026-10-25T00:30:00.000Z");
    expect(iso(read("2026-03-29 02:30"))).toBe("2026-03-29T01:30:00.000Z");
  });

  it("refuses what is not a real time", () => {
    const read = dateReader("dd-MM-yyyy HH:mm", "UTC");
    expect(read("31-02-2026 10:00")).toBeNull();
    expect(read("29-02-2028 10:00")).toBe(Date.UTC(2028, 1, 29, 10));
    expect(read("01-13-2026 10:00")).toBeNull();
    expect(read("01-01-2026 24:00")).toBeNull();
    expect(read("1-1-2026 10:00")).toBeNull();
    expect(dateReader("dd/LLL/yy h:mm a", "UTC")("02/Mar/26 13:05 PM")).toBeNull();
  });

  it("falls back to Luxon for a token it does not compile", () => {
    expect(iso(dateReader("dd LLLL yyyy HH:mm", "UTC")("02 March 2026 09:05"))).toBe("2026-03-02T09:05:00.000Z");
  });
});

// The benchmark's writers (test/bench/report.ts): the table with its met/missed column, the targets summary of
// latest.json, the scale curve's table, ratios and SVG chart (well-formed in a real Chromium, deterministic, points
// where the log scale puts them), and the data split that makes the mixed-load row's comparison meaningful.
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityRecords, activityStream, benchStart, chunks, mixedSplit, mixedTicket, ticketAt } from "./bench/dataset.js";
import { benchTable, niceStep, scaleRatios, scaleSvg, scaleTable, targetSummary, ticketsLabel, type ScalePoint } from "./bench/report.js";
import type { BenchRow } from "./bench/row-types.js";
import { parseSizes } from "./bench/scale.js";
import { chromiumPath } from "./support/chromium.js";

const row = (n: number, met: boolean | null, extra: Partial<BenchRow> = {}): BenchRow => ({
  n,
  what: `row ${n}`,
  value: "1 s",
  baseline: "b",
  ratio: "r",
  target: "t",
  met,
  figures: {},
  ...extra,
});

describe("the benchmark table", () => {
  it("says met, missed or n/a for each row, prints a row's label, and escapes a | inside a cell", () => {
    const text = benchTable([row(1, true), row(1, false, { label: "1b", value: "a | b" }), row(5, null, { note: "why" })]);
    const lines = text.split("\n");
    expect(lines[0]).toBe("| # | what | figure | baseline (same run) | ratio | target | met? |");
    expect(lines[2]).toBe("| 1 | row 1 | 1 s | b | r | t | met |");
    expect(lines[3]).toBe("| 1b | row 1 | a \\| b | b | r | t | **missed** |");
    expect(lines[4]).toBe("| 5 | row 5 | 1 s | b | r | t | n/a |");
    expect(lines.at(-1)).toBe("- row 5: why");
  });

  it("summarises the targets: all met only when every row ran and met", () => {
    const some = targetSummary([row(1, true), row(2, false), row(3, null)]);
    expect([some.met, some.missed, some.notAvailable, some.allMet]).toEqual([1, 1, 1, false]);
    expect(some.targets[1]).toEqual({ row: "2", what: "row 2", target: "t", met: false });
    expect(targetSummary([row(1, true), row(2, true)]).allMet).toBe(true);
    expect(targetSummary([]).allMet).toBe(false);
  });
});

// cost per ticket: ingest 25 → 28 µs, run 4.5 → 5.8 µs (1.12× and 1.29×)
const points: ScalePoint[] = [
  { tickets: 3_000_000, ingestMs: 84_000, runMs: 17_400, groupByMs: 3000, serverPeakMb: 290 },
  { tickets: 100_000, ingestMs: 2500, runMs: 450, groupByMs: 100, serverPeakMb: 200 },
  { tickets: 1_000_000, ingestMs: 26_000, runMs: 4800, groupByMs: 1000, serverPeakMb: 280 },
];

describe("the scale curve", () => {
  it("compares the cost per ticket at the largest size with the smallest, whatever the order given", () => {
    const r = scaleRatios(points)!;
    expect(r.ingest).toBeCloseTo(84_000 / 3_000_000 / (2500 / 100_000), 10);
    expect(r.run).toBeCloseTo(17_400 / 3_000_000 / (450 / 100_000), 10);
    expect(scaleRatios(points.slice(0, 1))).toBeNull();
  });

  it("prints a row per size, smallest first, and each ratio against the 1.25× target", () => {
    const text = scaleTable(points);
    expect(text).toContain("| 100,000 | 40,000 | 25.0 | 0.45 | 4.50 | 0.10 | 200 |");
    expect(text.indexOf("| 100,000 |")).toBeLessThan(text.indexOf("| 1,000,000 |"));
    expect(text.indexOf("| 1,000,000 |")).toBeLessThan(text.indexOf("| 3,000,000 |"));
    expect(text).toContain("| cost per ticket, 3M ÷ 100k | ratio | target | met? |");
    expect(text).toContain("| ingest | 1.12× | ≤ 1.25× | met |");
    expect(text).toContain("| full rulebook run | 1.29× | ≤ 1.25× | **missed** |");
  });

  it("labels sizes and picks round steps", () => {
    expect([100_000, 1_000_000, 3_000_000, 1_500_000, 20_000, 950].map(ticketsLabel)).toEqual(["100k", "1M", "3M", "1.5M", "20k", "950"]);
    expect([niceStep(44), niceStep(8.8), niceStep(0.5), niceStep(0)]).toEqual([10, 2, 0.1, 1]);
  });

  it("reads --scale-sizes as sorted whole numbers without repeats", () => {
    expect(parseSizes("20000, 10_000,20000")).toEqual([10_000, 20_000]);
    expect(() => parseSizes("10k")).toThrow(/--scale-sizes/);
    expect(() => parseSizes("0")).toThrow(/--scale-sizes/);
  });

  it("draws the same bytes for the same figures, in whatever order they come", () => {
    expect(scaleSvg(points)).toBe(scaleSvg([...points].reverse()));
  });

  it("places the points on a log scale of tickets and a linear scale of µs per ticket, with the target line", () => {
    const svg = scaleSvg(points);
    const polyline = (key: string) =>
      new RegExp(`<polyline class="series" data-series="${key}" points="([^"]+)"`)
        .exec(svg)![1]
        .split(" ")
        .map((p) => p.split(",").map(Number));
    const ingest = polyline("ingest");
    const run = polyline("run");
    expect(ingest).toHaveLength(3);
    expect(run).toHaveLength(3);
    // log scale: the gap 100k → 1M is log10(10) / log10(3) times the gap 1M → 3M
    const [x1, x2, x3] = ingest.map(([x]) => x);
    expect((x2 - x1) / (x3 - x2)).toBeCloseTo(1 / Math.log10(3), 1);
    expect(run.map(([x]) => x)).toEqual([x1, x2, x3]);
    // higher cost is higher on the page (smaller y), the run's 5.8 µs above its 4.5 µs
    expect(run[2][1]).toBeLessThan(run[1][1]);
    expect(run[1][1]).toBeLessThan(run[0][1]);
    // the target line of a panel lies at 1.25× the smallest size's cost: between the 4.5 and 5.8 µs points
    const targetYs = [...svg.matchAll(/<line class="target" x1="[^"]+" y1="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(targetYs).toHaveLength(2);
    const [, runTargetY] = targetYs;
    const zeroY = Number(/<g class="panel" data-series="run">\s*<line class="grid" x1="[^"]+" y1="([^"]+)"/.exec(svg)![1]);
    expect((zeroY - runTargetY) / (zeroY - run[0][1])).toBeCloseTo(1.25, 1);
    expect(svg).toContain("tickets in the database (log scale)");
    expect(svg).toContain("run µs/ticket");
  });

  describe("in a real browser", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: chromiumPath, args: ["--headless", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("is well-formed SVG whose labels, legend and lines render inside the picture", async () => {
      const page = await browser.newPage();
      try {
        const found = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, "image/svg+xml");
          if (doc.querySelector("parsererror")) return { error: doc.querySelector("parsererror")!.textContent };
          document.body.appendChild(document.importNode(doc.documentElement, true));
          const svg = document.querySelector("svg")!;
          const frame = svg.getBoundingClientRect();
          const inside = [...svg.querySelectorAll("text, polyline, circle")].every((el) => {
            const r = el.getBoundingClientRect();
            return r.left >= frame.left - 0.5 && r.right <= frame.right + 0.5 && r.top >= frame.top - 0.5 && r.bottom <= frame.bottom + 0.5;
          });
          return {
            error: null,
            inside,
            legend: [...svg.querySelectorAll("text.legend")].map((t) => t.textContent),
            xLabels: [...svg.querySelectorAll("g.panel[data-series=ingest] text")].map((t) => t.textContent).filter((t) => /[kM]$/.test(t ?? "")),
          };
        }, scaleSvg(points));
        expect(found.error).toBeNull();
        expect(found.inside).toBe(true);
        expect(found.legend).toEqual(["ingest (POST /api/v1/tickets)", "full rulebook run", "target: 1.25× the smallest size"]);
        expect(found.xLabels).toEqual(["100k", "1M", "3M"]);
      } finally {
        await page.close();
      }
    });
  });
});

describe("the data of the benchmark", () => {
  it("ingests only tickets opened after the mixed-load plan's period, under ids the data set does not use", () => {
    const total = 20_000;
    const split = mixedSplit(total);
    expect(split.start).toBe(benchStart);
    expect(split.cut % 86_400_000).toBe(0);
    const ids = new Set(Array.from({ length: total }, (_, i) => ticketAt(i, total).id));
    for (let k = 0; k < split.tailCount + 10; k++) {
      const t = mixedTicket(k, total, split);
      expect(Date.parse(t.opened_at)).toBeGreaterThanOrEqual(split.cut + 86_400_000);
      expect(ids.has(t.id)).toBe(false);
    }
    // the period still holds most of the year's tickets
    const inPeriod = Array.from({ length: total }, (_, i) => Date.parse(ticketAt(i, total).opened_at)).filter((at) => at < split.cut).length;
    expect(inPeriod / total).toBeGreaterThan(0.75);
  });

  it("streams the same activities it lists, in chunks that keep their order", () => {
    const listed = activityRecords(5000);
    const streamed = [...chunks(activityStream(5000), 700)];
    expect(streamed.slice(0, -1).every((c) => c.length === 700)).toBe(true);
    expect(streamed.flat()).toEqual(listed);
  });
});

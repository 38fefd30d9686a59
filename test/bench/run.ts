// `npm run bench`: one million tickets (with metrics and activities) into fresh database files, then each figure
// of the performance issues (6, 15) beside its baseline measured in the same run and the issue's target, met or
// missed; prints the table and writes results/latest.json.
// Options: --tickets N (default 1,000,000), --seconds S per autocannon load (default 10), --keep (keep the files),
// --only 2,7 (run only these rows: the preset import row alone is `--only 7`; the mixed-load row is 8, after row 1),
// --scale (the scale curve instead: ingest and a full run at each of --scale-sizes, default 100000,1000000,3000000;
// writes results/scale.json and results/scale.svg).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchCsvImport } from "./csv-import.js";
import { benchHistoryIngest, benchIngest } from "./ingest.js";
import { peakRssMb } from "./memory.js";
import { benchMixed } from "./mixed.js";
import { NotAvailable } from "./not-available.js";
import { benchPages } from "./pages.js";
import { benchPresetImport } from "./preset-import.js";
import { benchTable, scaleRatios, scaleSvg, scaleTable, scaleTarget, targetSummary } from "./report.js";
import { notAvailableRow, round, thousands, type BenchRow } from "./row-types.js";
import { defaultScaleSizes, measureScale, parseSizes, type ScaleMeasurement } from "./scale.js";
import { startServer, type ServerHandle } from "./server-handle.js";
import { targets } from "./targets.js";

const { values } = parseArgs({
  options: {
    tickets: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "10" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
    scale: { type: "boolean", default: false },
    "scale-sizes": { type: "string" },
  },
});
/** the rows to run (all when not given) */
const only = values.only ? new Set(values.only.split(",").map(Number)) : null;
const total = Number(values.tickets);
const seconds = Number(values.seconds);
const started = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));

function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? "unknown"} × ${cpu.length}`,
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    freeMemoryGb: round(freemem() / 1024 ** 3, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

if (values.scale) {
  const sizes = values["scale-sizes"] ? parseSizes(values["scale-sizes"]) : defaultScaleSizes;
  log(`scale curve at ${sizes.map((n) => thousands(n)).join(", ")} tickets`);
  const points: ScaleMeasurement[] = [];
  for (const n of sizes) points.push(await measureScale(n, log, values.keep));
  const ratios = scaleRatios(points);
  const elapsed = (performance.now() - started) / 1000;
  const checksPassed = points.every((p) => p.inserted === p.tickets && p.rollupRowsDiffering === 0 && p.flowExact);
  const result = {
    date: new Date().toISOString(),
    sizes,
    elapsedSeconds: round(elapsed),
    machine: machine(),
    /** this process's own peak (VmHWM): the bench keeps its data sets out of memory */
    benchPeakMb: round(peakRssMb(), 1),
    points,
    ratios: ratios && { ingest: round(ratios.ingest, 3), run: round(ratios.run, 3) },
    target: `cost per ticket at the largest size ≤ ${scaleTarget}× the smallest, for ingest and for the run`,
    met: ratios === null ? null : ratios.ingest <= scaleTarget && ratios.run <= scaleTarget && checksPassed,
    checks: checksPassed ? "every ticket inserted; the rollups equal a GROUP BY at every size" : "FAILED: see inserted, rollupRowsDiffering and flowExact per size",
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "scale.json"), JSON.stringify(result, null, 2) + "\n");
  writeFileSync(join(resultsDir, "scale.svg"), scaleSvg(points));
  const m = result.machine;
  console.log(`\nAssay scale curve, ${result.date}: ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${elapsed.toFixed(0)} s in all; the bench's own peak ${result.benchPeakMb} MB\n`);
  console.log(scaleTable(points));
  console.log(`\n${result.checks}\n(written to test/bench/results/scale.json and scale.svg)`);
  process.exit(0);
}

let server: ServerHandle | null = null;
/** The server's peak memory after each row: VmHWM only grows, so this shows which row raised it. */
const peakAfterRow: Record<string, number> = {};

/** Runs one row; a missing part of the product gives "n/a: reason", a failure gives the error in the row. */
async function row(n: number, what: string, target: string, measure: () => Promise<BenchRow | BenchRow[]>): Promise<BenchRow[]> {
  if (only && !only.has(n)) return [];
  try {
    const r = await measure();
    if (server) {
      const m = (await server.call("memory")) as { peakMb: number };
      // row 1 runs twice (1, then 1b)
      peakAfterRow[peakAfterRow[`row${n}`] === undefined ? `row${n}` : `row${n}b`] = round(m.peakMb, 1);
      log(`row ${n} done; server peak memory so far ${m.peakMb.toFixed(0)} MB`);
    }
    return Array.isArray(r) ? r : [r];
  } catch (e) {
    if (e instanceof NotAvailable) {
      log(`row ${n}: n/a: ${e.message}`);
      return [notAvailableRow(n, what, target, e.message)];
    }
    log(`row ${n} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return [{ ...notAvailableRow(n, what, target, `failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`), met: false }];
  }
}


const dir = mkdtempSync(join(tmpdir(), "assay-bench-"));
const rows: BenchRow[] = [];
try {
  log(`${thousands(total)} tickets; files in ${dir}`);
  server = await startServer(`file:${join(dir, "bench.db")}`);
  const s = server;
  rows.push(...(await row(1, "ingest via POST /api/v1/tickets", targets.ingest.text, () => benchIngest(s, `file:${join(dir, "raw.db")}`, total, log))));
  rows.push(...(await row(1, "ticket updates with history", targets.update.text, () => benchHistoryIngest(s, `file:${join(dir, "raw.db")}`, total, log))));
  rows.push(...(await row(2, "CSV import", targets.import.text, () => benchCsvImport(dir, total, log))));
  rows.push(...(await row(7, "ServiceNow preset import", targets.import.text, () => benchPresetImport(dir, total, log))));
  rows.push(
    ...(await row(3, "full run of the built-in rulebook", targets.run.text, async () => {
      log("row 3: audit run…");
      const r = (await s.call("audit")) as { runMs: number; baselineMs: number; detail: string };
      const ratio = r.runMs / r.baselineMs;
      return {
        n: 3,
        what: `full run of the built-in rulebook over ${thousands(total)} tickets`,
        value: `${(r.runMs / 1000).toFixed(2)} s`,
        baseline: `raw GROUP BY kind, priority: ${(r.baselineMs / 1000).toFixed(2)} s`,
        ratio: `${ratio.toFixed(2)}× GROUP BY`,
        target: targets.run.text,
        met: ratio <= targets.run.groupByRatio,
        figures: { runMs: round(r.runMs), baselineMs: round(r.baselineMs), ratio: round(ratio, 2) },
        note: r.detail,
      };
    })),
  );
  rows.push(...(await row(4, "overview and KPI partials (autocannon)", `p99 ≤ ${targets.pages.p99Ms} ms`, () => benchPages(s, seconds, log))));
  rows.push(
    ...(await row(5, "PDF report of a run with 1,000 evidence ids", targets.pdf.text, async () => {
      log("row 5: PDF report…");
      const r = (await s.call("pdf")) as { reportMs: number; baselineMs: number; pages: number; detail: string };
      return {
        n: 5,
        what: "PDF report of a run with 1,000 evidence ids (loaded and rendered)",
        value: `${(r.reportMs / 1000).toFixed(2)} s (${r.pages} pages)`,
        baseline: `bare pdfkit, ${r.pages} pages: ${(r.baselineMs / 1000).toFixed(2)} s`,
        ratio: `${(r.reportMs / r.baselineMs).toFixed(1)}× bare pdfkit`,
        target: targets.pdf.text,
        met: r.reportMs <= targets.pdf.ms,
        figures: { reportMs: round(r.reportMs), baselineMs: round(r.baselineMs), pages: r.pages, ratio: round(r.reportMs / r.baselineMs, 2) },
        note: r.detail,
      };
    })),
  );
  rows.push(...(await row(8, "mixed load", `page p99 ≤ ${targets.mixed.pageP99Ms} ms, no busy answers, results equal`, () => benchMixed(s, total, seconds, log))));
  rows.push(
    ...(await row(6, "peak memory of the server through every row", targets.serverPeak.text, async () => {
      const m = (await s.call("memory")) as { peakMb: number; rssMb: number };
      const through = Object.keys(peakAfterRow).map((k) => k.slice(3)).join(", ");
      return {
        n: 6,
        what: `peak memory (VmHWM) of the server process through rows ${through || "—"}`,
        value: `${m.peakMb.toFixed(0)} MB`,
        baseline: "—",
        ratio: "—",
        target: targets.serverPeak.text,
        met: m.peakMb < targets.serverPeak.mb,
        figures: { peakMb: round(m.peakMb, 1), rssAtEndMb: round(m.rssMb, 1), ...peakAfterRow },
        note: `peak after each row: ${Object.entries(peakAfterRow).map(([k, v]) => `${k} ${v.toFixed(0)} MB`).join(", ")}`,
      };
    })),
  );
} finally {
  await server?.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

const elapsed = (performance.now() - started) / 1000;
const result = { date: new Date().toISOString(), tickets: total, seconds, elapsedSeconds: round(elapsed), machine: machine(), benchPeakMb: round(peakRssMb(), 1), summary: targetSummary(rows), rows };
mkdirSync(resultsDir, { recursive: true });
// a partial run (--only) or a quick one on fewer than a million tickets never replaces the full run's figures
const resultsFile = only || total < 1_000_000 ? "partial.json" : "latest.json";
writeFileSync(join(resultsDir, resultsFile), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
console.log(`\nAssay benchmark, ${result.date}: ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${thousands(total)} tickets; ${elapsed.toFixed(0)} s in all; the bench's own peak ${result.benchPeakMb} MB\n`);
console.log(benchTable(rows));
const sum = result.summary;
console.log(`\ntargets (issue 15): ${sum.met} met, ${sum.missed} missed${sum.notAvailable ? `, ${sum.notAvailable} n/a` : ""}${sum.allMet ? ": every target met" : ""}`);
console.log(`\n(written to test/bench/results/${resultsFile})`);

// `npm run bench`: one million tickets (with metrics and activities) into fresh database files, then each figure
// of issue 6 beside its baseline measured in the same run; prints the table and writes results/latest.json.
// Options: --tickets N (default 1,000,000), --seconds S per autocannon load (default 10), --keep (keep the files),
// --only 2,7 (run only these rows: the preset import row alone is `--only 7`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, platform, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchCsvImport } from "./csv-import.js";
import { benchHistoryIngest, benchIngest } from "./ingest.js";
import { NotAvailable } from "./not-available.js";
import { benchPages } from "./pages.js";
import { benchPresetImport } from "./preset-import.js";
import { notAvailableRow, round, thousands, type BenchRow } from "./row-types.js";
import { startServer, type ServerHandle } from "./server-handle.js";

const { values } = parseArgs({
  options: { tickets: { type: "string", default: "1000000" }, seconds: { type: "string", default: "10" }, keep: { type: "boolean", default: false }, only: { type: "string" } },
});
/** the rows to run (all when not given) */
const only = values.only ? new Set(values.only.split(",").map(Number)) : null;
const total = Number(values.tickets);
const seconds = Number(values.seconds);
const started = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

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
      peakAfterRow[`row${n}`] = round(m.peakMb, 1);
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

function table(rows: BenchRow[]): string {
  const lines = ["| # | what | figure | baseline (same run) | ratio | target | met |", "|---|---|---|---|---|---|---|"];
  for (const r of rows) lines.push(`| ${r.n} | ${r.what} | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === null ? "n/a" : r.met ? "yes" : "**no**"} |`);
  const notes = rows.filter((r) => r.note).map((r) => `- row ${r.n}: ${r.note}`);
  return [...lines, ...(notes.length ? ["", ...notes] : [])].join("\n");
}

const dir = mkdtempSync(join(tmpdir(), "assay-bench-"));
const rows: BenchRow[] = [];
try {
  log(`${thousands(total)} tickets; files in ${dir}`);
  server = await startServer(`file:${join(dir, "bench.db")}`);
  const s = server;
  rows.push(...(await row(1, "ingest via POST /api/v1/tickets", "≥ 0.5× raw and ≥ 40,000/s", () => benchIngest(s, `file:${join(dir, "raw.db")}`, total, log))));
  rows.push(...(await row(1, "ticket updates with history", "≥ 0.5× raw", () => benchHistoryIngest(s, `file:${join(dir, "raw.db")}`, total, log))));
  rows.push(...(await row(2, "CSV import", "peak memory < 300 MB", () => benchCsvImport(dir, total, log))));
  rows.push(...(await row(7, "ServiceNow preset import", "peak memory < 300 MB", () => benchPresetImport(dir, total, log))));
  rows.push(
    ...(await row(3, "full run of the built-in rulebook", "≤ 3× GROUP BY", async () => {
      log("row 3: audit run…");
      const r = (await s.call("audit")) as { runMs: number; baselineMs: number; detail: string };
      const ratio = r.runMs / r.baselineMs;
      return {
        n: 3,
        what: `full run of the built-in rulebook over ${thousands(total)} tickets`,
        value: `${(r.runMs / 1000).toFixed(2)} s`,
        baseline: `raw GROUP BY kind, priority: ${(r.baselineMs / 1000).toFixed(2)} s`,
        ratio: `${ratio.toFixed(2)}× GROUP BY`,
        target: "≤ 3× GROUP BY",
        met: ratio <= 3,
        figures: { runMs: round(r.runMs), baselineMs: round(r.baselineMs), ratio: round(ratio, 2) },
        note: r.detail,
      };
    })),
  );
  rows.push(...(await row(4, "overview and KPI partials (autocannon)", "p99 ≤ 100 ms", () => benchPages(s, seconds, log))));
  rows.push(
    ...(await row(5, "PDF report of a run with 1,000 evidence ids", "≤ 1 s", async () => {
      log("row 5: PDF report…");
      const r = (await s.call("pdf")) as { reportMs: number; baselineMs: number; pages: number; detail: string };
      return {
        n: 5,
        what: "PDF report of a run with 1,000 evidence ids (loaded and rendered)",
        value: `${(r.reportMs / 1000).toFixed(2)} s (${r.pages} pages)`,
        baseline: `bare pdfkit, ${r.pages} pages: ${(r.baselineMs / 1000).toFixed(2)} s`,
        ratio: `${(r.reportMs / r.baselineMs).toFixed(1)}× bare pdfkit`,
        target: "≤ 1 s",
        met: r.reportMs <= 1000,
        figures: { reportMs: round(r.reportMs), baselineMs: round(r.baselineMs), pages: r.pages, ratio: round(r.reportMs / r.baselineMs, 2) },
        note: r.detail,
      };
    })),
  );
  rows.push(
    ...(await row(6, "peak memory of the server through 1–5", "< 400 MB", async () => {
      const m = (await s.call("memory")) as { peakMb: number; rssMb: number };
      return {
        n: 6,
        what: "peak memory (VmHWM) of the server process through rows 1–5",
        value: `${m.peakMb.toFixed(0)} MB`,
        baseline: "—",
        ratio: "—",
        target: "< 400 MB",
        met: m.peakMb < 400,
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
const result = { date: new Date().toISOString(), tickets: total, seconds, elapsedSeconds: round(elapsed), machine: machine(), rows };
const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
mkdirSync(resultsDir, { recursive: true });
// a partial run (--only) never replaces the full run's figures
const resultsFile = only ? "partial.json" : "latest.json";
writeFileSync(join(resultsDir, resultsFile), JSON.stringify(result, null, 2) + "\n");
const m = result.machine;
console.log(`\nAssay benchmark, ${result.date}: ${m.cpu}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ${thousands(total)} tickets; ${elapsed.toFixed(0)} s in all\n`);
console.log(table(rows));
console.log(`\n(written to test/bench/results/${resultsFile})`);

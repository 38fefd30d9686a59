// Row 2: `assay import tickets FILE` of a one-million-row CSV in a child process (rows/s, peak memory), against
// the same file streamed through csv-parse without inserting, in a child process of its own.
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { csvHeader, csvLine, ticketAt } from "./dataset.js";
import { round, thousands, type BenchRow } from "./row-types.js";
import { targets } from "./targets.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const peakPreload = fileURLToPath(new URL("./peak-memory.ts", import.meta.url));

/** Writes the CSV with back-pressure, so the file never sits in memory here either. */
export async function writeTicketsCsv(file: string, total: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(csvHeader);
  let buffer = "";
  for (let i = 0; i < total; i++) {
    buffer += csvLine(ticketAt(i, total));
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

/** Runs a node script with the peak-memory preload; returns wall ms, peak MB and stdout. */
export async function measuredChild(args: string[], env: Record<string, string>, peakFile: string) {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "--import", peakPreload, ...args], {
    cwd: root,
    env: { ...process.env, ...env, BENCH_PEAK_FILE: peakFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const [code] = (await once(child, "exit")) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited with ${code}: ${stderr.trim().slice(-1000)}`);
  return { ms, peakMb: Number(readFileSync(peakFile, "utf8")), stdout };
}

export async function benchCsvImport(dir: string, total: number, log: (l: string) => void): Promise<BenchRow> {
  const file = join(dir, "tickets.csv");
  log(`row 2: writing ${thousands(total)} rows to ${file}…`);
  await writeTicketsCsv(file, total);
  const sizeMb = statSync(file).size / 1024 / 1024;
  log(`row 2: ${sizeMb.toFixed(0)} MB; parsing without inserting (baseline)…`);
  const parseOnly = await measuredChild([join(root, "test/bench/csv-parse-only.ts"), file], {}, join(dir, "peak-parse"));
  const parsedRows = (JSON.parse(parseOnly.stdout.trim().split("\n").pop()!) as { rows: number }).rows;
  log(`row 2: importing with \`assay import tickets\`…`);
  const dbUrl = `file:${join(dir, "csv-import.db")}`;
  const imported = await measuredChild([join(root, "server/cli.ts"), "import", "tickets", file], { DATABASE_URL: dbUrl }, join(dir, "peak-import"));
  const result = JSON.parse(imported.stdout.trim().split("\n").pop()!) as { received: number; inserted: number };
  if (result.inserted !== total || parsedRows !== total) throw new Error(`imported ${result.inserted} and parsed ${parsedRows} of ${total} rows`);
  rmSync(file);
  const rate = total / (imported.ms / 1000);
  const parseRate = total / (parseOnly.ms / 1000);
  return {
    n: 2,
    what: `CSV import of ${thousands(total)} rows (${sizeMb.toFixed(0)} MB) with \`assay import tickets\``,
    value: `${thousands(rate)} rows/s, peak ${imported.peakMb.toFixed(0)} MB`,
    baseline: `csv-parse only: ${thousands(parseRate)} rows/s, peak ${parseOnly.peakMb.toFixed(0)} MB`,
    ratio: `${(imported.ms / parseOnly.ms).toFixed(1)}× parse time`,
    target: targets.import.text,
    met: rate >= targets.import.perSecond && imported.peakMb < targets.import.peakMb,
    figures: {
      rows: total,
      fileMb: round(sizeMb, 1),
      importMs: round(imported.ms),
      rowsPerSecond: round(rate),
      importPeakMb: round(imported.peakMb, 1),
      parseMs: round(parseOnly.ms),
      parseRowsPerSecond: round(parseRate),
      parsePeakMb: round(parseOnly.peakMb, 1),
    },
  };
}

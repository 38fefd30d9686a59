// `npm run bench -- --scale`: the scale curve. For each size (100k, 1M, 3M tickets by default; --scale-sizes to
// choose), a fresh database and server: the year's tickets ingested through POST /api/v1/tickets (10k batches,
// 2 clients) and a full run of the built-in rulebook over the year; cost per ticket of each, and its ratio from the
// smallest size to the largest (target ≤ 1.25×). Tickets are generated and posted ten batches at a time, so 3M
// tickets never sit in memory; only the posting is timed (the bodies are built between timed spans).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { maxBatchItems } from "../../server/contract/index.js";
import { openDatabase } from "../../server/db/client.js";
import { activityStream, chunks, metricSamples, ticketSlice } from "./dataset.js";
import { batchRanges, postAll } from "./ingest.js";
import { ingestUsPerTicket, runUsPerTicket, type ScalePoint } from "./report.js";
import { rollupMismatches } from "./rollup-check.js";
import { round, thousands } from "./row-types.js";
import { startServer } from "./server-handle.js";

export const defaultScaleSizes = [100_000, 1_000_000, 3_000_000];
const batchesPerChunk = 10;

export interface ScaleMeasurement extends ScalePoint {
  ticketsPerSecond: number;
  ingestUsPerTicket: number;
  runUsPerTicket: number;
  /** checks: every ticket inserted, the rollups equal a GROUP BY */
  inserted: number;
  rollupRowsDiffering: number;
  flowExact: boolean;
  runDetail: string;
}

export async function measureScale(total: number, log: (l: string) => void, keep = false): Promise<ScaleMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), `assay-scale-${total}-`));
  const server = await startServer(`file:${join(dir, "scale.db")}`);
  try {
    const ranges = batchRanges(total);
    let ingestMs = 0;
    let inserted = 0;
    for (let c = 0; c < ranges.length; c += batchesPerChunk) {
      const bodies = ranges.slice(c, c + batchesPerChunk).map(([from, to]) => JSON.stringify({ tickets: ticketSlice(from, to, total) }));
      const done = await postAll(server, "/api/v1/tickets", bodies);
      ingestMs += done.ms;
      inserted += done.inserted;
      const sent = Math.min(total, (c + batchesPerChunk) * maxBatchItems);
      if (c / batchesPerChunk % 10 === 9 || sent === total) log(`scale ${thousands(total)}: ${thousands(sent)} tickets, ${thousands(sent / (ingestMs / 1000))} tickets/s so far`);
    }
    if (inserted !== total) throw new Error(`the server inserted ${inserted} of ${total} tickets`);
    // the run's other inputs, untimed: daily availability and the rulebook's activities (streamed)
    const samples = metricSamples();
    const side: string[] = [];
    for (let i = 0; i < samples.length; i += maxBatchItems) side.push(JSON.stringify({ samples: samples.slice(i, i + maxBatchItems) }));
    await postAll(server, "/api/v1/metrics", side);
    for (const batch of chunks(activityStream(total), maxBatchItems)) await postAll(server, "/api/v1/activities", [JSON.stringify({ activities: batch })]);
    const check = await openDatabase(server.dbUrl);
    const rollups = await rollupMismatches(check.db).finally(() => check.close());
    log(`scale ${thousands(total)}: full run of the built-in rulebook (after an untimed warm-up run)…`);
    const run = (await server.call("audit", { warmUp: true })) as { runMs: number; baselineMs: number; detail: string };
    const memory = (await server.call("memory")) as { peakMb: number };
    const point: ScalePoint = { tickets: total, ingestMs: round(ingestMs), runMs: round(run.runMs), groupByMs: round(run.baselineMs), serverPeakMb: round(memory.peakMb, 1) };
    log(`scale ${thousands(total)}: ingest ${ingestUsPerTicket(point).toFixed(1)} µs/ticket, run ${(run.runMs / 1000).toFixed(2)} s = ${runUsPerTicket(point).toFixed(2)} µs/ticket`);
    return {
      ...point,
      ticketsPerSecond: round(total / (ingestMs / 1000)),
      ingestUsPerTicket: round(ingestUsPerTicket(point), 2),
      runUsPerTicket: round(runUsPerTicket(point), 3),
      inserted,
      rollupRowsDiffering: rollups.dailyRowsDiffering,
      flowExact: rollups.flowExact,
      runDetail: run.detail,
    };
  } finally {
    await server.stop();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** "20000,50000" → [20000, 50000]; sizes are positive whole numbers, sorted, without repeats. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--scale-sizes takes positive whole numbers separated by commas; got "${text}"`);
  return [...new Set(sizes)].sort((a, b) => a - b);
}

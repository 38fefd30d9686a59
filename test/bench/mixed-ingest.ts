// The mixed-load row's ingest client, in a process of its own (forked by mixed.ts): building 10,000-ticket JSON bodies
// blocks an event loop for tens of milliseconds, which would show up as page latency if autocannon measured in the
// same process. Posts new tickets (outside the row's audit period) with 2 concurrent clients until told to stop;
// a `busy` (503) answer is counted and the same batch is posted again.
import { maxBatchItems } from "../../server/contract/index.js";
import { mixedSplit, mixedTicket } from "./dataset.js";

export interface MixedIngestStats {
  inserted: number;
  requests: number;
  busy: number;
  /** 5xx answers other than 503 */
  serverErrors: number;
  ms: number;
  /** wall-clock [start, end] of every POST (Date.now()), to place them against the run */
  intervals: [number, number][];
}

const base = process.env.BENCH_BASE!;
const token = process.env.BENCH_TOKEN!;
const total = Number(process.env.BENCH_TOTAL);
const clients = Number(process.env.BENCH_CLIENTS ?? 2);
const split = mixedSplit(total);

let stopping = false;
let next = 0;
const stats: MixedIngestStats = { inserted: 0, requests: 0, busy: 0, serverErrors: 0, ms: 0, intervals: [] };

function body(batch: number): string {
  const tickets = [];
  for (let k = batch * maxBatchItems; k < (batch + 1) * maxBatchItems; k++) tickets.push(mixedTicket(k, total, split));
  return JSON.stringify({ tickets });
}

async function client() {
  while (!stopping) {
    const payload = body(next++);
    for (;;) {
      const started = Date.now();
      const res = await fetch(`${base}/api/v1/tickets`, { method: "POST", body: payload, headers: { "content-type": "application/json", authorization: `Bearer ${token}` } });
      const text = await res.text();
      stats.requests++;
      stats.intervals.push([started, Date.now()]);
      if (res.status === 200) {
        stats.inserted += (JSON.parse(text) as { inserted: number }).inserted;
        break;
      }
      if (res.status === 503) stats.busy++;
      else if (res.status >= 500) stats.serverErrors++;
      else throw new Error(`POST /api/v1/tickets answered ${res.status}: ${text.slice(0, 300)}`);
      if (stopping) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const started = performance.now();
const loops = Promise.all(Array.from({ length: clients }, client));
process.on("message", async (m: { command: string }) => {
  if (m.command !== "stop") return;
  stopping = true;
  try {
    await loops;
    stats.ms = performance.now() - started;
    process.send?.({ ok: true, stats });
  } catch (e) {
    process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
  process.disconnect();
});
loops.catch((e: unknown) => {
  process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) });
  process.disconnect();
});
process.send?.({ ready: true });

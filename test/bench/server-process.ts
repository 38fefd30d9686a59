// The server under benchmark, in its own process so its peak memory is its own: the real app listening on a
// port, plus commands from the parent over IPC for the parts measured in-process (audit run, PDF, checks).
import { testCtx } from "../support/ctx.js";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { createApp } from "../../server/app.js";
import { createApiToken } from "../../server/auth/users.js";
import { fixedClock } from "../../server/clock.js";
import { openDatabase } from "../../server/db/client.js";
import { prepareDatabase } from "../../server/startup.js";
import { createPlanOver, runAuditBench, runPlan } from "./audit-run.js";
import { benchNow } from "./dataset.js";
import { peakRssMb } from "./memory.js";
import { NotAvailable } from "./not-available.js";

export type Command = "ready" | "memory" | "audit" | "pdf" | "plan" | "runPlan" | "blocksStart" | "blocksStop";
export interface Request {
  id: number;
  command: Command;
  /** the command's arguments (audit: { warmUp }; plan: { name, start, end } in ms; runPlan: { planId }) */
  args?: unknown;
}
export interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

const url = process.env.BENCH_DB_URL;
if (!url) throw new Error("BENCH_DB_URL is required");
// as the server opens it (server/main.ts): WAL checkpoints and a second reader for runs on worker threads
const database = await openDatabase(url, undefined, { checkpointInWorker: true, snapshotReader: true });
const clock = fixedClock(benchNow);
await prepareDatabase(database, clock);
const app = createApp({ database, clock, startRun: () => {} });
const ingestToken = (await createApiToken({ ctx: testCtx(database.db, clock.now(), "bench"), input: { data: { name: "bench-ingest", role: "ingest" } } })).token;
const viewerToken = (await createApiToken({ ctx: testCtx(database.db, clock.now(), "bench"), input: { data: { name: "bench-viewer", role: "viewer" } } })).token;
const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.send?.({ id: 0, ok: true, result: { port: info.port, ingestToken, viewerToken } } satisfies Reply);
});

/**
 * Main-thread blocks: a 10 ms timer that fires late by more than 50 ms was held up by synchronous work (SQL of the
 * embedded database, JSON, rendering) for that long; every request arriving meanwhile waited as long.
 */
let blockWatch: { timer: NodeJS.Timeout; blocks: number[]; gc: PerformanceObserver; gcPauses: number[] } | null = null;
export interface Blocks {
  /** main-thread blocks longer than 50 ms, longest first (ms) */
  longest: number[];
  over50: number;
  over100: number;
  over150: number;
  /** garbage-collection pauses longer than 50 ms in the same span (a block may be one), longest first (ms) */
  gcPausesOver50: number[];
}

const commands: Record<Exclude<Command, "ready">, (args: unknown) => Promise<unknown>> = {
  blocksStart: async () => {
    if (blockWatch) {
      clearInterval(blockWatch.timer);
      blockWatch.gc.disconnect();
    }
    const blocks: number[] = [];
    const gcPauses: number[] = [];
    const gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 50) gcPauses.push(Math.round(e.duration));
    });
    gc.observe({ entryTypes: ["gc"] });
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const late = now - last - 10;
      if (late > 50) blocks.push(Math.round(late));
      last = now;
    }, 10);
    blockWatch = { timer, blocks, gc, gcPauses };
  },
  blocksStop: async (): Promise<Blocks> => {
    const blocks = blockWatch?.blocks ?? [];
    const gcPauses = blockWatch?.gcPauses ?? [];
    if (blockWatch) {
      clearInterval(blockWatch.timer);
      blockWatch.gc.disconnect();
    }
    blockWatch = null;
    return {
      longest: [...blocks].sort((a, b) => b - a).slice(0, 10),
      over50: blocks.length,
      over100: blocks.filter((b) => b > 100).length,
      over150: blocks.filter((b) => b > 150).length,
      gcPausesOver50: [...gcPauses].sort((a, b) => b - a),
    };
  },
  memory: async () => {
    const m = process.memoryUsage();
    const mb = (v: number) => Math.round(v / 1024 / 1024);
    return {
      peakMb: peakRssMb(),
      rssMb: m.rss / 1024 / 1024,
      heapUsedMb: mb(m.heapUsed),
      heapTotalMb: mb(m.heapTotal),
      externalMb: mb(m.external),
      heapLimitMb: mb(getHeapStatistics().heap_size_limit),
      execArgv: process.execArgv,
      mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    };
  },
  audit: (args) => runAuditBench(database, clock, (args ?? {}) as { warmUp?: boolean }),
  // pdf-report.ts imports pdfkit: loaded on first use, as the app loads it, so rows before 5 measure what production holds
  pdf: async () => (await import("./pdf-report.js")).runPdfBench(database, clock),
  plan: (args) => createPlanOver(database, clock, args as { name: string; start: number; end: number }),
  runPlan: (args) => runPlan(database, clock, (args as { planId: number }).planId),
};

// the clients pause between rounds to build bodies; keep their connections open meanwhile
if ("keepAliveTimeout" in server) server.keepAliveTimeout = 120_000;

process.on("message", (message: Request) => {
  if (message.command === "ready") return;
  commands[message.command](message.args).then(
    (result) => process.send?.({ id: message.id, ok: true, result } satisfies Reply),
    (e: unknown) => {
      const error = e instanceof NotAvailable ? `n/a: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.send?.({ id: message.id, ok: false, error } satisfies Reply);
    },
  );
});
process.on("disconnect", () => {
  server.close();
  database.close();
  process.exit(0);
});

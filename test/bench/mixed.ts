// Row 8 (issue 15): ingest at 2 clients while 16 connections read the KPI pages and a full run of the built-in
// rulebook executes. Page p50/p99 and every busy (503) or other 5xx answer are counted, and the run's results are
// compared with runs of the same plan on the quiet database.
//
// Why the comparison means something: the plan covers [benchStart, cut) of the year, and the ingest posts only new
// tickets (new ids) opened at least a day after `cut` (dataset.ts mixedSplit). So a correct run gives the same
// results whether or not those tickets arrive while it reads: a run before the load (quiet), the run under load, and
// a run after the load stopped (quiet again, with the new tickets stored) must agree on every result column, every
// evidence id and the data fingerprint (runs.data_hash). The quiet run after proves the ingest stayed outside the
// period; the run under load equal to both proves it read one consistent snapshot and wrote all of its results.
import autocannon from "autocannon";
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { openDatabase, type Database } from "../../server/db/client.js";
import { mixedSplit } from "./dataset.js";
import type { MixedIngestStats } from "./mixed-ingest.js";
import { drained, pageTargets, targetHeaders } from "./pages.js";
import { rollupMismatches } from "./rollup-check.js";
import { round, thousands, type BenchRow } from "./row-types.js";
import type { ServerHandle } from "./server-handle.js";
import type { Blocks } from "./server-process.js";
import { targets } from "./targets.js";

const connections = 16;
const ingestClients = 2;
const ingestScript = fileURLToPath(new URL("./mixed-ingest.ts", import.meta.url));

interface PageLoad {
  p50: number;
  p99: number;
  requests: number;
  busy: number;
  serverErrors: number;
  /** connection errors and timeouts */
  failed: number;
}

type Requests = { method: "GET"; path: string; headers: Record<string, string> }[];

/** autocannon over the sequence of KPI requests (each connection cycles through it) until `stop()` resolves. */
function pageLoad(server: ServerHandle, requests: Requests) {
  let stopRequested = false;
  let instance: autocannon.Instance | null = null;
  const result = new Promise<PageLoad>((resolve, reject) => {
    instance = autocannon({ url: server.base, connections, duration: 3600, requests }, (err, r) => {
      if (err) return reject(err);
      const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
      const count = (test: (code: number) => boolean) => Object.entries(codes).reduce((n, [code, s]) => (test(Number(code)) ? n + s.count : n), 0);
      resolve({ p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total, busy: count((c) => c === 503), serverErrors: count((c) => c >= 500 && c !== 503), failed: r.errors + r.timeouts });
    });
  });
  return {
    result,
    stop() {
      if (!stopRequested) instance?.stop();
      stopRequested = true;
      return result;
    },
  };
}

async function pagesFor(server: ServerHandle, seconds: number): Promise<PageLoad> {
  const load = pageLoad(server, await kpiRequests(server));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return load.stop();
}

async function kpiRequests(server: ServerHandle): Promise<Requests> {
  const all = await pageTargets(server);
  const kpi = all.filter((t) => t.path.startsWith("/kpis"));
  return (kpi.length ? kpi : all).map((t) => ({ method: "GET", path: t.path, headers: targetHeaders(server, t) }));
}

/** Starts the ingest child; `stop()` ends its loops and answers its counts. */
async function startIngest(server: ServerHandle, total: number) {
  const child = fork(ingestScript, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_BASE: server.base, BENCH_TOKEN: server.ingestToken, BENCH_TOTAL: String(total), BENCH_CLIENTS: String(ingestClients) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let failure: string | null = null;
  const outcome = new Promise<MixedIngestStats>((resolve, reject) => {
    child.on("message", (m: { ready?: boolean; ok?: boolean; stats?: MixedIngestStats; error?: string }) => {
      if (m.ready) return;
      if (m.ok) resolve(m.stats!);
      else reject(new Error((failure = `the mixed ingest failed: ${m.error}`)));
    });
    child.on("exit", (code) => reject(new Error(failure ?? `the mixed ingest exited (code ${code}) before answering`)));
  });
  outcome.catch(() => {});
  await once(child, "message");
  return {
    stop: async () => {
      if (child.connected) child.send({ command: "stop" });
      return outcome;
    },
  };
}

interface RunDone {
  runId: number;
  runMs: number;
  startedAt: number;
  finishedAt: number;
}

/** Result rows (every column but run_id) and evidence rows of run a not in run b, plus both ways; 0 = equal. */
async function differences(database: Database, a: number, b: number) {
  const cols = "rule_id, status, raw_status, value, threshold, population, small_population, evidence_count, evidence_ids, message, message_args, next_due, details";
  const one = async (sqlText: string) => Number((await database.client.execute({ sql: sqlText, args: [a, b, b, a] })).rows[0].n);
  const results = await one(
    `SELECT (SELECT count(*) FROM (SELECT ${cols} FROM run_results WHERE run_id = ? EXCEPT SELECT ${cols} FROM run_results WHERE run_id = ?)) +
            (SELECT count(*) FROM (SELECT ${cols} FROM run_results WHERE run_id = ? EXCEPT SELECT ${cols} FROM run_results WHERE run_id = ?)) AS n`,
  );
  const evidence = await one(
    `SELECT (SELECT count(*) FROM (SELECT rule_id, record_id FROM run_evidence WHERE run_id = ? EXCEPT SELECT rule_id, record_id FROM run_evidence WHERE run_id = ?)) +
            (SELECT count(*) FROM (SELECT rule_id, record_id FROM run_evidence WHERE run_id = ? EXCEPT SELECT rule_id, record_id FROM run_evidence WHERE run_id = ?)) AS n`,
  );
  const hashes = (await database.client.execute({ sql: "SELECT id, data_hash FROM runs WHERE id IN (?, ?)", args: [a, b] })).rows;
  const sameHash = hashes.length === 2 && hashes[0].data_hash !== null && hashes[0].data_hash === hashes[1].data_hash;
  return { results, evidence, sameHash, equal: results === 0 && evidence === 0 && sameHash };
}

export async function benchMixed(server: ServerHandle, total: number, seconds: number, log: (l: string) => void): Promise<BenchRow> {
  const split = mixedSplit(total);
  const cutDay = new Date(split.cut).toISOString().slice(0, 10);
  const { planId } = (await server.call("plan", { name: `Benchmark: the built-in rulebook before ${cutDay} (mixed load)`, start: split.start, end: split.cut })) as { planId: number };
  log(`row 8: quiet run of the plan over [${new Date(split.start).toISOString().slice(0, 10)}, ${cutDay})…`);
  const quiet = (await server.call("runPlan", { planId })) as RunDone;
  await drained(server);
  log(`row 8: the KPI pages alone, ${connections} connections, ${seconds} s (baseline)…`);
  const quietPages = await pagesFor(server, seconds);
  await drained(server);

  log(`row 8: mixed load: ingest (${ingestClients} clients, tickets opened after ${cutDay}), ${connections} connections on the KPI pages, and the run…`);
  const loadStarted = Date.now();
  await server.call("blocksStart");
  const ingest = await startIngest(server, total);
  const pages = pageLoad(server, await kpiRequests(server));
  let mixed: RunDone | null = null;
  let runError: unknown = null;
  try {
    // the load settles for a second before the run starts
    await new Promise((r) => setTimeout(r, 1000));
    mixed = (await server.call("runPlan", { planId })) as RunDone;
    const left = seconds * 1000 - (Date.now() - loadStarted);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  } catch (e) {
    runError = e;
  }
  // both stopped even when the run failed, so that nothing keeps loading the server
  const [ingestDone, pagesDone] = await Promise.allSettled([ingest.stop(), pages.stop()]);
  const blocks = (await server.call("blocksStop")) as Blocks;
  if (!mixed) throw runError;
  if (ingestDone.status === "rejected") throw ingestDone.reason;
  if (pagesDone.status === "rejected") throw pagesDone.reason;
  const [ingested, loaded] = [ingestDone.value, pagesDone.value];
  const windowMs = Date.now() - loadStarted;
  // ingest requests in flight at some moment of the run
  const overlapping = ingested.intervals.filter(([a, b]) => a < mixed!.finishedAt && b > mixed!.startedAt).length;
  await drained(server);
  log(`row 8: ${thousands(ingested.inserted)} tickets ingested meanwhile; quiet run again…`);
  const after = (await server.call("runPlan", { planId })) as RunDone;

  const check = await openDatabase(server.dbUrl);
  let vsQuiet, vsAfter, quietVsAfter, rollups;
  try {
    vsQuiet = await differences(check, mixed.runId, quiet.runId);
    vsAfter = await differences(check, mixed.runId, after.runId);
    quietVsAfter = await differences(check, quiet.runId, after.runId);
    rollups = await rollupMismatches(check.db);
  } finally {
    check.close();
  }
  const equal = vsQuiet.equal && vsAfter.equal && quietVsAfter.equal;
  const busy = loaded.busy + ingested.busy;
  const serverErrors = loaded.serverErrors + ingested.serverErrors;
  const ingestRate = ingested.inserted / (ingested.ms / 1000);
  const met = loaded.requests > 0 && loaded.p99 <= targets.mixed.pageP99Ms && busy === 0 && serverErrors === 0 && loaded.failed === 0 && equal && overlapping > 0;
  const diffText = (d: { results: number; evidence: number; sameHash: boolean }) => `${d.results} result rows, ${d.evidence} evidence rows differ, data hash ${d.sameHash ? "same" : "DIFFERS"}`;
  return {
    n: 8,
    what: `mixed: ingest (${ingestClients} clients, 10k batches) while ${connections} connections read the KPI pages and a full rulebook run executes`,
    value:
      `pages p50 ${loaded.p50} ms, p99 ${loaded.p99} ms (${loaded.requests} requests); busy ${busy}, other 5xx ${serverErrors}` +
      (loaded.failed ? `, ${loaded.failed} page requests failed or timed out` : "") +
      `; run ${(mixed.runMs / 1000).toFixed(2)} s; results ${equal ? "equal" : "DIFFER"}`,
    baseline: `quiet: pages p50 ${quietPages.p50} ms, p99 ${quietPages.p99} ms; run ${(quiet.runMs / 1000).toFixed(2)} s`,
    ratio: `page p99 ${(loaded.p99 / Math.max(1, quietPages.p99)).toFixed(1)}× quiet; run ${(mixed.runMs / quiet.runMs).toFixed(1)}× quiet`,
    target: `page p99 ≤ ${targets.mixed.pageP99Ms} ms, no busy answers, results equal a quiet run`,
    met,
    figures: {
      pagesP50: loaded.p50,
      pagesP99: loaded.p99,
      pageRequests: loaded.requests,
      pagesBusy: loaded.busy,
      pagesOther5xx: loaded.serverErrors,
      pagesFailed: loaded.failed,
      quietPagesP50: quietPages.p50,
      quietPagesP99: quietPages.p99,
      quietPageRequests: quietPages.requests,
      ingestInserted: ingested.inserted,
      ingestRequests: ingested.requests,
      ingestBusy: ingested.busy,
      ingestOther5xx: ingested.serverErrors,
      ingestTicketsPerSecond: round(ingestRate),
      ingestRequestsOverlappingRun: overlapping,
      windowMs,
      periodStart: new Date(split.start).toISOString(),
      periodEnd: new Date(split.cut).toISOString(),
      quietRunId: quiet.runId,
      quietRunMs: round(quiet.runMs),
      mixedRunId: mixed.runId,
      mixedRunMs: round(mixed.runMs),
      afterRunId: after.runId,
      afterRunMs: round(after.runMs),
      resultsEqual: equal,
      resultRowsDifferingFromQuiet: vsQuiet.results,
      evidenceRowsDifferingFromQuiet: vsQuiet.evidence,
      dataHashSameAsQuiet: vsQuiet.sameHash,
      resultRowsDifferingFromAfter: vsAfter.results,
      evidenceRowsDifferingFromAfter: vsAfter.evidence,
      quietEqualsAfter: quietVsAfter.equal,
      rollupRowsDiffering: rollups.dailyRowsDiffering,
      flowExact: rollups.flowExact,
      mainThreadBlocksOver50Ms: blocks.over50,
      mainThreadBlocksOver100Ms: blocks.over100,
      mainThreadBlocksOver150Ms: blocks.over150,
      longestMainThreadBlocksMs: blocks.longest.join(", "),
      gcPausesOver50Ms: blocks.gcPausesOver50.join(", "),
    },
    note:
      `plan over [${new Date(split.start).toISOString().slice(0, 10)}, ${cutDay}); ${thousands(ingested.inserted)} new tickets opened after it ingested at ${thousands(ingestRate)} tickets/s, ` +
      `${overlapping} ingest requests overlapping the run; run under load vs quiet before: ${diffText(vsQuiet)}; vs quiet after: ${diffText(vsAfter)}; ` +
      `quiet before vs after: ${diffText(quietVsAfter)}; rollups vs GROUP BY after the ingest: ${rollups.dailyRowsDiffering} rows differ, flow ${rollups.flowExact ? "exact" : "DIFFERS"}; ` +
      `main-thread blocks over 50 / 100 / 150 ms: ${blocks.over50} / ${blocks.over100} / ${blocks.over150}, longest ${blocks.longest.slice(0, 5).join(", ") || "—"} ms; garbage-collection pauses over 50 ms: ${blocks.gcPausesOver50.length} (longest ${blocks.gcPausesOver50[0] ?? "—"} ms)`,
  };
}

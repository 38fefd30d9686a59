// Row 1: tickets/s through POST /api/v1/tickets (10,000-ticket batches, 2 concurrent clients), against raw
// @libsql/client batch inserts of the same stored rows into a fresh database of the same schema.
import { fixedClock } from "../../server/clock.js";
import { openDatabase } from "../../server/db/client.js";
import { maxBatchItems } from "../../server/contract/index.js";
import { toTicketRow } from "../../server/ingest/tickets.js";
import { PolicyBook } from "../../server/ingest/sla-policies.js";
import { prepareDatabase } from "../../server/startup.js";
import { activityRecords, benchNow, metricSamples, serviceKeys, ticketSlice } from "./dataset.js";
import { insertColumns } from "../../server/ingest/tickets.js";
import { round, thousands, type BenchRow } from "./row-types.js";
import { rollupMismatches } from "./rollup-check.js";
import type { ServerHandle } from "./server-handle.js";
import { targets } from "./targets.js";

const clients = 2;

// the baseline writes exactly the columns the ingest upsert writes
const rawColumns = insertColumns;
const rawRowsPerStatement = 230; // 26 columns: just under 6,000 bound parameters a statement

const rounds = 5;

/** Batch boundaries: [from, to) of each 10,000-ticket batch. */
export function batchRanges(total: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < total; from += maxBatchItems) out.push([from, Math.min(total, from + maxBatchItems)]);
  return out;
}

/** Raw baseline: the rows the server would store, inserted batch by batch with client.batch(…, "write"). */
async function rawInserter(dbUrl: string, total: number) {
  const database = await openDatabase(dbUrl);
  const clock = fixedClock(benchNow);
  await prepareDatabase(database, clock);
  const serviceIds = new Map<string, number>();
  for (const key of serviceKeys) {
    const rs = await database.client.execute({ sql: "INSERT INTO services (key, name) VALUES (?, ?) RETURNING id", args: [key, key] });
    serviceIds.set(key, Number(rs.rows[0].id));
  }
  const policies = await PolicyBook.load(database.db);
  const tuple = `(${rawColumns.map(() => "?").join(", ")})`;
  const head = `INSERT INTO tickets (${rawColumns.map(([c]) => c).join(", ")}) VALUES `;
  return {
    /** Derives the rows untimed, then times only their insertion. */
    async insert(ranges: [number, number][]): Promise<number> {
      const batches = ranges.map(([from, to]) =>
        ticketSlice(from, to, total).map((t) => {
          const row = toTicketRow(t, serviceIds.get(t.service)!, policies, clock.now());
          return rawColumns.map(([, field]) => {
            const v = row[field];
            return v === undefined || v === null ? null : typeof v === "boolean" ? (v ? 1 : 0) : v;
          });
        }),
      );
      const started = performance.now();
      for (const rows of batches) {
        const statements = [];
        for (let i = 0; i < rows.length; i += rawRowsPerStatement) {
          const chunk = rows.slice(i, i + rawRowsPerStatement);
          statements.push({ sql: head + Array(chunk.length).fill(tuple).join(", "), args: chunk.flat() });
        }
        await database.client.batch(statements, "write");
      }
      return performance.now() - started;
    },
    close: () => database.close(),
  };
}

const bodyOf = ([from, to]: [number, number], total: number) => JSON.stringify({ tickets: ticketSlice(from, to, total) });

async function post(server: ServerHandle, path: string, body: string): Promise<{ received: number; inserted: number; updated: number }> {
  const res = await fetch(`${server.base}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${server.ingestToken}` },
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Posts the bodies with `clients` concurrent loops; returns elapsed ms and the summed counts. */
export async function postAll(server: ServerHandle, path: string, bodies: string[]) {
  let next = 0;
  let inserted = 0;
  let updated = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < bodies.length) {
        const r = await post(server, path, bodies[next++]);
        inserted += r.inserted;
        updated += r.updated;
      }
    }),
  );
  return { ms: performance.now() - started, inserted, updated };
}

export async function benchIngest(server: ServerHandle, rawDbUrl: string, total: number, log: (l: string) => void): Promise<BenchRow> {
  // raw and HTTP alternate in rounds, so that a change in the machine's load during the run hits both alike
  const ranges = batchRanges(total);
  // at most ten batches a round, so that the prepared rows and bodies of a round stay small in this process
  const perRound = Math.min(10, Math.ceil(ranges.length / rounds));
  const raw = await rawInserter(rawDbUrl, total);
  let rawMs = 0;
  const ingest = { ms: 0, inserted: 0, updated: 0 };
  let firstBody = "";
  let sent = 0;
  try {
    for (let r = 0; r * perRound < ranges.length; r++) {
      const round = ranges.slice(r * perRound, (r + 1) * perRound);
      rawMs += await raw.insert(round);
      // the JSON bodies are built before timing, so the clients' serialisation does not compete with the server
      const bodies = round.map((range) => bodyOf(range, total));
      if (r === 0) firstBody = bodies[0];
      const done = await postAll(server, "/api/v1/tickets", bodies);
      ingest.ms += done.ms;
      ingest.inserted += done.inserted;
      ingest.updated += done.updated;
      sent += round.reduce((n, [a, b]) => n + b - a, 0);
      log(`row 1: round ${r + 1} of ${Math.ceil(ranges.length / perRound)}: so far raw ${thousands(sent / (rawMs / 1000))} rows/s, HTTP ${thousands(sent / (ingest.ms / 1000))} tickets/s`);
    }
  } finally {
    raw.close();
  }
  if (ingest.inserted !== total) throw new Error(`the server inserted ${ingest.inserted} of ${total} tickets`);
  // an identical re-post must change nothing: checked on one batch
  const again = await post(server, "/api/v1/tickets", firstBody);
  const afterTickets = (await server.call("memory")) as { peakMb: number };
  const rawRate = total / (rawMs / 1000);
  const rate = total / (ingest.ms / 1000);
  log(`row 1: ${thousands(rate)} tickets/s, raw ${thousands(rawRate)} rows/s; loading metrics and activities…`);
  const samples = metricSamples();
  const activities = activityRecords(total);
  const side: string[] = [];
  for (let i = 0; i < samples.length; i += maxBatchItems) side.push(JSON.stringify({ samples: samples.slice(i, i + maxBatchItems) }));
  const metricsDone = await postAll(server, "/api/v1/metrics", side);
  const acts: string[] = [];
  for (let i = 0; i < activities.length; i += maxBatchItems) acts.push(JSON.stringify({ activities: activities.slice(i, i + maxBatchItems) }));
  const activitiesDone = await postAll(server, "/api/v1/activities", acts);
  // checked from this process, so the check's own memory does not count as the server's
  const check = await openDatabase(server.dbUrl);
  const rollups = await rollupMismatches(check.db).finally(() => check.close());
  const ratio = rate / rawRate;
  const met = ratio >= targets.ingest.ratio && rate >= targets.ingest.perSecond && again.inserted === 0 && rollups.dailyRowsDiffering === 0 && rollups.flowExact;
  return {
    n: 1,
    what: `ingest ${thousands(total)} tickets via POST /api/v1/tickets (10k batches, ${clients} clients)`,
    value: `${thousands(rate)} tickets/s`,
    baseline: `raw @libsql/client batch: ${thousands(rawRate)} rows/s`,
    ratio: `${ratio.toFixed(2)}× raw`,
    target: targets.ingest.text,
    met,
    figures: {
      tickets: total,
      ingestMs: round(ingest.ms),
      ticketsPerSecond: round(rate),
      rawMs: round(rawMs),
      rawRowsPerSecond: round(rawRate),
      ratio: round(ratio, 3),
      serverPeakMbAfterTickets: round(afterTickets.peakMb, 1),
      repostInserted: again.inserted,
      repostUpdated: again.updated,
      rollupRowsDiffering: rollups.dailyRowsDiffering,
      flowExact: rollups.flowExact,
      metricSamples: metricsDone.inserted,
      metricsMs: round(metricsDone.ms),
      activities: activitiesDone.inserted,
      activitiesMs: round(activitiesDone.ms),
    },
    note: `identical re-post of a batch: inserted ${again.inserted}, updated ${again.updated}; rollups vs GROUP BY: ${rollups.dailyRowsDiffering} rows differ, flow ${rollups.flowExact ? "exact" : "DIFFERS"}`,
  };
}

/** Every tenth ticket, changed as a ticketing system's update would change it (summary and assignee). */
function updatedSlice(from: number, to: number, total: number) {
  return ticketSlice(from, to, total)
    .filter((_, i) => (from + i) % 10 === 0)
    .map((t) => ({ ...t, summary: `${t.summary ?? ""} (updated)`, assignee: `${t.assignee ?? "nobody"}-2` }));
}

/**
 * Row 1b: updates of 10 % of the tickets through POST /api/v1/tickets, each keeping its before-image in
 * ticket_history (with the fields it changed), against raw upserts of the same rows without history.
 */
export async function benchHistoryIngest(server: ServerHandle, rawDbUrl: string, total: number, log: (l: string) => void): Promise<BenchRow> {
  const ranges = batchRanges(total);
  const updates = ranges.map(([from, to]) => updatedSlice(from, to, total));
  const changed = updates.reduce((n, u) => n + u.length, 0);
  const bodies: string[] = [];
  // the server takes up to 10,000 tickets a batch: ten source batches make one update batch
  for (let i = 0; i < updates.length; i += 10) bodies.push(JSON.stringify({ tickets: updates.slice(i, i + 10).flat() }));

  const database = await openDatabase(rawDbUrl);
  const clock = fixedClock(benchNow);
  let rawMs = 0;
  try {
    const policies = await PolicyBook.load(database.db);
    const ids = new Map<string, number>();
    for (const r of (await database.client.execute("SELECT id, key FROM services")).rows) ids.set(String(r.key), Number(r.id));
    const tuple = `(${rawColumns.map(() => "?").join(", ")})`;
    const head = `INSERT INTO tickets (${rawColumns.map(([c]) => c).join(", ")}) VALUES `;
    const tail = ` ON CONFLICT (id) DO UPDATE SET ${rawColumns.filter(([c]) => c !== "id").map(([c]) => `${c} = excluded.${c}`).join(", ")}`;
    const rows = updates.flat().map((t) => {
      const row = toTicketRow(t, ids.get(t.service)!, policies, clock.now());
      return rawColumns.map(([, field]) => {
        const v = row[field];
        return v === undefined || v === null ? null : typeof v === "boolean" ? (v ? 1 : 0) : v;
      });
    });
    const started = performance.now();
    for (let b = 0; b < rows.length; b += maxBatchItems) {
      const batch = rows.slice(b, b + maxBatchItems);
      const statements = [];
      for (let i = 0; i < batch.length; i += rawRowsPerStatement) {
        const chunk = batch.slice(i, i + rawRowsPerStatement);
        statements.push({ sql: head + Array(chunk.length).fill(tuple).join(", ") + tail, args: chunk.flat() });
      }
      await database.client.batch(statements, "write");
    }
    rawMs = performance.now() - started;
  } finally {
    database.close();
  }
  const done = await postAll(server, "/api/v1/tickets", bodies);
  if (done.updated !== changed) throw new Error(`the server updated ${done.updated} of ${changed} tickets`);
  const check = await openDatabase(server.dbUrl);
  const [history] = (await check.client.execute("SELECT count(*) AS n, count(CASE WHEN changed = '[\"summary\",\"assignee\"]' THEN 1 END) AS named FROM ticket_history")).rows;
  check.close();
  const rate = changed / (done.ms / 1000);
  const rawRate = changed / (rawMs / 1000);
  const ratio = rate / rawRate;
  log(`row 1b: ${thousands(rate)} updated tickets/s with history, raw upsert ${thousands(rawRate)} rows/s`);
  return {
    n: 1,
    label: "1b",
    what: `update ${thousands(changed)} tickets (10 %) via POST /api/v1/tickets, keeping each before-image in ticket_history`,
    value: `${thousands(rate)} tickets/s`,
    baseline: `raw @libsql/client upsert, no history: ${thousands(rawRate)} rows/s`,
    ratio: `${ratio.toFixed(2)}× raw`,
    target: targets.update.text,
    met: ratio >= targets.update.ratio && Number(history.n) === changed && Number(history.named) === changed,
    figures: { updated: done.updated, ingestMs: round(done.ms), ticketsPerSecond: round(rate), rawMs: round(rawMs), rawRowsPerSecond: round(rawRate), ratio: round(ratio, 3), historyRows: Number(history.n), historyRowsNamingFields: Number(history.named) },
    note: `${Number(history.n)} before-images kept, ${Number(history.named)} naming exactly the fields that changed (summary, assignee)`,
  };
}

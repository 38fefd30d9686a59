// Every ticket-based rule of a run in one aggregate pass over the tickets in scope (conditional counts); the same
// pass lists the offending tickets' ids, which the final transaction stores. Only offending ids reach JavaScript.
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../server/db/client.js";
import { keepMarker } from "../../server/db/prepared-statements.js";
import { addProgressSteps, advanceProgress } from "../run-progress.js";
import { tickets } from "../../server/db/schema.js";
import type { Rule } from "../rulebooks/types.js";
import { rowidSlices, ticketsInScope } from "../run-scope.js";
import { evaluatorOf } from "./registry.js";
import { breachedUnit, integer } from "./ticket-conditions.js";
import type { Combine, TicketScan } from "./ticket-scan.js";
import type { EvalContext, Outcome } from "./types.js";
import { idsWhere, insertEvidenceArrays } from "./evidence-ids.js";
import { yieldToEventLoop } from "../../server/event-loop.js";


export interface TicketPass {
  outcomes: Outcome[];
  fingerprint: { count: number; hashLow: number; hashHigh: number };
  policyIds: number[];
  /** stores every offending ticket id of every rule in run_evidence; call inside the run's final transaction */
  writeEvidence(tx: DbOrTx): Promise<void>;
}

/** A column of the per-ticket subquery `t`, as the outer aggregate reads it. */
const col = (name: string) => sql.raw(`t.${name}`);

/**
 * ONE scan of the tickets in scope. An inner subquery classifies each ticket once per rule (every condition,
 * GLOB and review lookup evaluated once); the outer aggregate counts the classes and collects, per rule, the
 * offending tickets' ids as a JSON array, which the final transaction stores in run_evidence without a second scan.
 * Packed mode sums each SLA rule's three counts into one aggregate (a third of the work); wide mode counts them
 * separately and is used when a period holds too many tickets for the packed sums.
 */
export async function evaluateTicketRules(ctx: EvalContext, rules: Rule[], opts: { wide?: boolean; mainFree?: Promise<void> } = {}): Promise<TicketPass> {
  const wide = opts.wide ?? false;
  /** per ticket: the subquery's columns */
  const perTicket: Record<string, SQL> = { id: sql`${tickets.id}`, content_hash: sql`${tickets.contentHash}`, policy_id: sql`${tickets.policyId}` };
  const fields: Record<string, SQL> = {
    scope_count: sql`count(*)`,
    // the 48-bit hashes summed in two 24-bit halves: a plain sum would overflow JavaScript's safe integers
    hash_low: sql`coalesce(sum(t.content_hash & 16777215), 0)`,
    hash_high: sql`coalesce(sum(t.content_hash >> 24), 0)`,
    policies: sql`group_concat(DISTINCT t.policy_id)`,
  };
  /** per rule, what makes a ticket offend it (one condition, or several or-ed) */
  const offending = new Map<string, SQL[]>();
  const offends = (ruleId: string, cond: SQL) => {
    const conds = offending.get(ruleId) ?? [];
    conds.push(cond);
    offending.set(ruleId, conds);
  };
  const finishers: ((row: Record<string, number | null>) => Outcome)[] = [];
  /** how each rule column adds up over the slices */
  const combineOf: Record<string, Combine> = {};
  // what a rule reads before its SQL is built (its kind's prepare step, if any)
  const prepared = await Promise.all(rules.map((rule) => {
    const evaluator = evaluatorOf(rule);
    return evaluator.mode === "ticket-scan" && evaluator.prepare ? evaluator.prepare(ctx, rule) : undefined;
  }));

  rules.forEach((rule, i) => {
    const evaluator = evaluatorOf(rule);
    if (evaluator.mode !== "ticket-scan") throw new Error(`rule ${rule.id} of kind ${rule.kind} is not a ticket rule`);
    // each rule's columns carry its own prefix, so that rules of one kind never collide
    const name = (n: string) => `r${i}_${n}`;
    const ruleScan: TicketScan = {
      ctx,
      threshold: ctx.thresholdOf(rule) ?? 0,
      wide,
      perTicket: (n, expr) => {
        perTicket[name(n)] = expr;
        return col(name(n));
      },
      aggregate: (n, expr, combine = "sum") => {
        fields[name(n)] = expr;
        combineOf[name(n)] = combine;
      },
      offends: (cond) => offends(rule.id, cond),
    };
    const finish = evaluator.contribute(rule, ruleScan, prepared[i]);
    finishers.push((row) =>
      finish({
        get: (n) => row[name(n)] ?? null,
        text: (n) => String(row[name(n)]),
        scopeCount: row.scope_count ?? 0,
      }),
    );
  });
  // per rule, the offending tickets' ids as one JSON array per slice, which the final transaction hands to SQLite's
  // json_each as it came: no id is parsed, sorted or written again in JavaScript (at 1,000,000 tickets, 400,000 ids)
  const evidenceRules = [...offending.keys()].sort();
  evidenceRules.forEach((ruleId, k) => {
    fields[`evidence_${k}`] = idsWhere(col("id"), sql.join(offending.get(ruleId)!.map((c) => sql`(${c})`), sql` OR `));
  });

  const columns = (of: Record<string, SQL>) => sql.join(Object.entries(of).map(([name, expr]) => sql`${expr} AS ${sql.raw(name)}`), sql`, `);
  const slices = ctx.scanAll ? await rowidSlices(ctx) : [sql`1`];
  addProgressSteps(ctx.runId, slices.length);
  const rows: Record<string, number | string | null>[] = [];
  /** per evidence rule (evidenceRules' order), its JSON arrays of ids, one per slice */
  const evidence: string[][] = evidenceRules.map(() => []);
  // LIMIT -1 keeps the subquery from being flattened into the aggregate, so each column is computed once per ticket;
  // one statement text for every slice (the bounds are parameters), kept prepared across them
  const query = (slice: SQL) =>
    sql`${sql.raw(keepMarker)}SELECT ${columns(fields)} FROM (SELECT ${columns(perTicket)} FROM ${tickets} WHERE ${ticketsInScope(ctx)} AND ${slice} LIMIT -1) AS t`;
  const take = (row: Record<string, number | string | null>, advance = true) => {
    evidenceRules.forEach((_, k) => {
      const ids = row[`evidence_${k}`];
      if (typeof ids === "string" && ids !== "[]") evidence[k].push(ids);
      delete row[`evidence_${k}`];
    });
    rows.push(row);
    if (advance) advanceProgress(ctx.runId);
  };
  try {
    if (ctx.beside) {
      for (const row of await readShared(ctx, ctx.beside, slices.map(query), opts.mainFree ?? Promise.resolve())) take({ ...row }, false);
    } else {
      for (const [i, slice] of slices.entries()) {
        // between slices the event loop answers what waits (pages, ingest): SQL here runs on the main thread
        if (i > 0) await yieldToEventLoop();
        const [row] = await ctx.db.all<Record<string, number | string | null>>(query(slice));
        take(row);
      }
    }
  } catch (e) {
    if (!wide && /overflow/i.test(String((e as { cause?: unknown }).cause ?? e))) return evaluateTicketRules(ctx, rules, { ...opts, wide: true });
    throw e;
  }
  const row = combineSlices(rows, combineOf);
  if (!wide && Number(row.scope_count ?? 0) >= breachedUnit) return evaluateTicketRules(ctx, rules, { ...opts, wide: true });
  const numeric: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(row)) {
    // text columns stay text: the policies list, packed sums, JSON lists (`_json`)
    numeric[k] = k === "policies" || k.endsWith("_packed") || k.endsWith("_json") ? (v as number | null) : v === null ? null : Number(v);
  }
  const policies = (row.policies as string | null) ?? "";

  const outcomes = finishers.map((finish) => finish(numeric));
  return {
    outcomes,
    fingerprint: { count: numeric.scope_count ?? 0, hashLow: numeric.hash_low ?? 0, hashHigh: numeric.hash_high ?? 0 },
    policyIds: policies === "" ? [] : policies.split(",").map(Number).sort((a, b) => a - b),
    writeEvidence: async (tx) => {
      // rule by rule in id order, so that the evidence index grows at its end
      for (const [k, ruleId] of evidenceRules.entries()) await insertEvidenceArrays(tx, ctx.runId, ruleId, evidence[k]);
    },
  };
}

type SliceRow = Record<string, number | string | null>;

/**
 * The slices' rows, read by two threads: the worker's reader takes them from the first on (two asked for at a time,
 * so that it never waits for the main thread to ask for the next), and once `mainFree` settles (the main thread has
 * judged the rules with queries of their own) the main thread takes them from the last back, with a turn of the
 * event loop before each, until they meet. Both read the same snapshot. The rows come back in slice order.
 */
export async function readShared(ctx: EvalContext, beside: DbOrTx, queries: SQL[], mainFree: Promise<void>): Promise<SliceRow[]> {
  const rows: SliceRow[] = new Array(queries.length);
  let front = 0, back = queries.length;
  let failed = false;
  const worker = new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    const ask = () => {
      if (failed) return;
      if (front >= back && inFlight === 0) return resolve();
      while (inFlight < 2 && front < back) {
        const i = front++;
        inFlight++;
        beside.all<SliceRow>(queries[i]).then(
          ([row]) => {
            rows[i] = row;
            inFlight--;
            advanceProgress(ctx.runId);
            ask();
          },
          (e) => {
            failed = true;
            reject(e);
          },
        );
      }
    };
    ask();
  });
  const main = (async () => {
    await mainFree;
    while (front < back && !failed) {
      const i = --back;
      await yieldToEventLoop();
      try {
        [rows[i]] = await ctx.db.all<SliceRow>(queries[i]);
      } catch (e) {
        failed = true;
        throw e;
      }
      advanceProgress(ctx.runId);
    }
  })();
  worker.catch(() => {});
  main.catch(() => {});
  await Promise.all([worker, main]);
  return rows;
}

/** The aggregate rows of the slices as one row: counts and sums added, lists joined, distinct policies merged. */
export function combineSlices(rows: Record<string, number | string | null>[], combineOf: Record<string, Combine>): Record<string, number | string | null> {
  if (rows.length === 1) return rows[0];
  const out: Record<string, number | string | null> = {};
  for (const key of Object.keys(rows[0])) {
    const values = rows.map((r) => r[key]);
    const present = values.filter((v) => v !== null && v !== undefined);
    if (key === "policies") out[key] = present.length ? [...new Set(present.flatMap((v) => String(v).split(",")))].join(",") : null;
    else {
      const combine = combineOf[key] ?? "sum";
      if (combine === "once") out[key] = values[0];
      else if (combine === "jsonList") out[key] = JSON.stringify(present.flatMap((v) => JSON.parse(String(v)) as unknown[]));
      else if (combine === "packed") out[key] = present.reduce((s: bigint, v) => s + BigInt(String(v)), 0n).toString();
      else out[key] = present.length ? present.reduce((s: number, v) => s + Number(v), 0) : null;
    }
  }
  return out;
}

// Evaluates the rules of a run: the ticket rules in one aggregate pass, the others by their kind's evaluator.
import { createHash } from "node:crypto";
import { and, gte, lt, sql, type AnyColumn } from "drizzle-orm";
import { activities, metricSamples } from "../server/db/schema.js";
import { evaluatorOf, type EvalInputs } from "./evaluators/registry.js";
import { evaluateTicketRules } from "./evaluators/ticket-pass.js";
import type { EvalContext, Outcome } from "./evaluators/types.js";
import { resultText } from "./result-text.js";
import type { Rule } from "./rulebooks/types.js";
import type { DbOrTx } from "../server/db/client.js";
import { yieldToEventLoop } from "../server/event-loop.js";
import { advanceProgress } from "./run-progress.js";

export interface Evaluation {
  outcomes: Outcome[];
  policyIds: number[];
  dataHash: string;
  writeTicketEvidence(tx: DbOrTx): Promise<void>;
}

export async function evaluateRules(ctx: EvalContext, rules: Rule[], answers: EvalInputs["answers"]): Promise<Evaluation> {
  const ticketRules = rules.filter((r) => evaluatorOf(r).mode === "ticket-scan");
  // with a second reader (ctx.beside), the ticket pass reads on the worker thread while the other rules are judged
  // here; without one, the pass first, then the others
  // here; without one, the pass first, then the others. Once the others are judged, the main thread helps the
  // worker with the pass's remaining slices (mainFree)
  let ownJudged!: () => void;
  const mainFree = new Promise<void>((resolve) => (ownJudged = resolve));
  const passing = evaluateTicketRules(ctx, ticketRules, { mainFree });
  passing.catch(() => {}); // awaited below
  if (!ctx.beside) await passing;
  const byRule = new Map<string, Outcome>();
  try {
    for (const rule of rules) {
      if (evaluatorOf(rule).mode === "ticket-scan") continue;
      // a turn of the event loop between rules: their SQL runs on the main thread
      await yieldToEventLoop();
      byRule.set(rule.id, await evaluateOne(ctx, rule, { answers }));
      advanceProgress(ctx.runId);
    }
  } finally {
    ownJudged();
  }
  const pass = await passing;
  for (const o of pass.outcomes) byRule.set(o.ruleId, o);
  const fingerprint = await dataFingerprint(ctx);
  const dataHash = createHash("sha256")
    .update(JSON.stringify({ tickets: pass.fingerprint, ...fingerprint }))
    .digest("hex");
  return { outcomes: rules.map((r) => byRule.get(r.id)!), policyIds: pass.policyIds, dataHash, writeTicketEvidence: pass.writeEvidence };
}

/** A rule evaluated on its own; a failure becomes its `error` result (the message says why), never the run's. */
async function evaluateOne(ctx: EvalContext, rule: Rule, inputs: EvalInputs): Promise<Outcome> {
  try {
    const evaluator = evaluatorOf(rule);
    if (evaluator.mode !== "own") throw new Error(`rule ${rule.id} of kind ${rule.kind} is judged in the ticket scan`);
    return await evaluator.evaluate(ctx, rule, inputs);
  } catch (e) {
    return { ruleId: rule.id, status: "error", value: null, threshold: ctx.thresholdOf(rule), population: 0, smallPopulation: false, evidence: { count: 0, ids: [] }, ...resultText("result.error", { error: (e as Error).message }) };
  }
}

/** A sum of instants taken modulo 2^31 - 1: a plain sum of ms instants leaves JavaScript's safe integers after ~5,000 rows. */
const instantSum = (column: AnyColumn) => sql<number>`coalesce(sum(${column} % 2147483647), 0)`;

/** Activities and the period's metric samples, summarised so that a changed input changes the hash. */
async function dataFingerprint(ctx: EvalContext) {
  const [acts] = await ctx.db
    .select({
      n: sql<number>`count(*)`,
      at: instantSum(activities.at),
      updated: instantSum(activities.updatedAt),
      last: sql<number>`max(${activities.updatedAt})`,
      scores: sql<number>`coalesce(sum(${activities.score}), 0)`,
      outcomes: sql<number>`coalesce(sum(length(${activities.outcome})), 0)`,
      types: sql<number>`coalesce(sum(length(${activities.type}) * unicode(${activities.type})), 0)`,
    })
    .from(activities);
  const [metrics] = await ctx.db
    .select({ n: sql<number>`count(*)`, updated: instantSum(metricSamples.updatedAt), values: sql<number>`coalesce(sum(${metricSamples.value}), 0)` })
    .from(metricSamples)
    .where(and(gte(metricSamples.at, ctx.period.start), lt(metricSamples.at, ctx.period.end)));
  return { activities: acts, metrics };
}

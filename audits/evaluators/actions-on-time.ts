// ACTIONS-ON-TIME: improvement actions of the plan due in the period, share completed on or before their due date.
import { and, asc, eq, gte, lt } from "drizzle-orm";
import { actions, findings } from "../../server/db/schema.js";
import { fmt, judged, percent, symbol } from "../judge.js";
import { addDays, localDate, startOfLocalDate } from "../period.js";
import type { RuleOf } from "../rulebooks/types.js";
import { resultText } from "../result-text.js";
import type { EvalContext, Outcome } from "./types.js";

export async function evaluateActionsOnTime(ctx: EvalContext, rule: RuleOf<"actions_on_time">): Promise<Outcome> {
  const threshold = ctx.thresholdOf(rule) ?? 0;
  const first = localDate(ctx.period.start, ctx.timezone);
  const afterLast = localDate(ctx.period.end, ctx.timezone);
  const rows = await ctx.db
    .select({ id: actions.id, dueDate: actions.dueDate, status: actions.status, completedAt: actions.completedAt })
    .from(actions)
    .innerJoin(findings, eq(findings.id, actions.findingId))
    .where(and(eq(findings.planId, ctx.planId), gte(actions.dueDate, first), lt(actions.dueDate, afterLast)))
    .orderBy(asc(actions.id));
  const late = rows
    .filter((a) => {
      // done as it stood when the run read its data (actions keep no history: the completion instant tells)
      const done = (a.status === "done" || a.status === "verified") && a.completedAt !== null && a.completedAt <= ctx.evaluatedAt;
      return !(done && a.completedAt! < startOfLocalDate(addDays(a.dueDate!, 1), ctx.timezone));
    })
    .map((a) => String(a.id));
  const value = percent(rows.length - late.length, rows.length);
  return judged(rule, threshold, value, rows.length, { count: late.length, ids: late }, rows.length === 0 ? resultText("result.actions.none") : resultText("result.actions.measured", { onTime: rows.length - late.length, due: rows.length, symbol: symbol[rule.comparison], threshold, value: fmt(value) }));
}

// The time-based events, found by a scan the scheduler runs with the worker: actions due within 7 days or overdue,
// waivers expiring within 14 days, periodic obligations (a rule's next-due date in the plan's latest completed run)
// within 14 days. Each is enqueued once per due date: the dedupe key carries the date, so scanning again is a no-op.
import { and, between, eq, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { addDays } from "../../audits/period.js";
import { overdueCondition } from "../../audits/actions.js";
import type { Db } from "../db/client.js";
import { actions, plans, runResults, runs, waivers } from "../db/schema.js";
import { enqueueNotifications, type NotificationEventInput } from "./enqueue.js";

export const dueSoonDays = 7;
export const expiringDays = 14;
export const obligationDays = 14;

/** Enqueues what the date `today` ('YYYY-MM-DD', the organisation's) makes due; answers how many rows were written. */
export async function scanTimeBasedEvents(db: Db, now: number, today: string): Promise<number> {
  const events: NotificationEventInput[] = [];
  const open = inArray(actions.status, ["open", "in_progress"]);
  for (const a of await db.select({ id: actions.id }).from(actions).where(overdueCondition(today))) events.push({ event: "action.overdue", actionId: a.id, at: now });
  for (const a of await db.select({ id: actions.id }).from(actions).where(and(open, between(actions.dueDate, today, addDays(today, dueSoonDays))))) {
    events.push({ event: "action.due_soon", actionId: a.id, at: now });
  }
  const expiring = await db.select({ id: waivers.id }).from(waivers).where(and(eq(waivers.status, "approved"), between(waivers.expiresOn, today, addDays(today, expiringDays))));
  for (const w of expiring) events.push({ event: "waiver.expiring", waiverId: w.id, at: now });
  // the plan's latest completed, final run says when each periodic rule is next due
  const obligations = await db
    .select({ planId: runs.planId, ruleId: runResults.ruleId, nextDue: runResults.nextDue })
    .from(runResults)
    .innerJoin(runs, eq(runs.id, runResults.runId))
    .innerJoin(plans, eq(plans.id, runs.planId))
    .where(
      and(
        isNull(plans.deletedAt),
        isNotNull(runResults.nextDue),
        lte(runResults.nextDue, addDays(today, obligationDays)),
        sql`${runs.id} = (SELECT max(r.id) FROM runs AS r WHERE r.plan_id = ${runs.planId} AND r.status = 'completed' AND r.provisional = 0)`,
      ),
    );
  for (const o of obligations) events.push({ event: "obligation.due", planId: o.planId, ruleId: o.ruleId, nextDue: o.nextDue!, at: now });
  if (!events.length) return 0;
  return db.transaction(async (tx) => {
    let n = 0;
    for (const e of events) n += await enqueueNotifications(tx, e);
    return n;
  });
}

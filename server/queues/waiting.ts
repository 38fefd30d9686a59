// "Waiting for me": the work each role has to do next, from a list of sources. A source names the roles it serves, a
// heading, and a query returning items that link to where the work is done; a new kind of work (a connector's failing
// syncs, say) is one more entry in `queueSources`.
import { and, asc, count, desc, eq, gt, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { addDays } from "../../audits/period.js";
import { overdueCondition } from "../../audits/actions.js";
import type { DbOrTx } from "../db/client.js";
import { actions, connectorSyncs, connectors, findings, ingestBatches, manualAnswers, plans, runResults, runs, signoffs, waivers, type Role } from "../db/schema.js";
import type { MessageKey } from "../i18n/catalogue.js";

export interface QueueContext {
  db: DbOrTx;
  /** the organisation's date, 'YYYY-MM-DD': decides overdue and "due within 7 days" */
  today: string;
  /** who asks: owned actions are matched on this name (case-insensitive) */
  actor: string;
}

export interface QueueItem {
  /** the catalogue message of the item, formatted with `values` */
  key: MessageKey;
  values: Record<string, string | number>;
  href: string;
  tone?: "overdue" | "due";
}

export interface QueueSource {
  id: string;
  roles: readonly Role[];
  heading: MessageKey;
  /** at most `limit` items, and how many there are in all */
  load(ctx: QueueContext, limit: number): Promise<{ total: number; items: QueueItem[] }>;
}

/** How many items one source shows before "and N more". */
export const queueLimit = 10;
/** "Due soon": within this many days of today (an action due today included, an overdue one not). */
export const dueSoonDays = 7;

/** The latest completed run of each plan in use: older runs are superseded, so their questions and reports wait for no one. */
const latestCompletedRun = sql`${runs.id} = (SELECT max(r2.id) FROM ${runs} r2 WHERE r2.plan_id = ${runs.planId} AND r2.status = 'completed')`;
const notSignedOff = sql`NOT EXISTS (SELECT 1 FROM ${signoffs} WHERE ${signoffs.runId} = ${runs.id} AND ${signoffs.voidedAt} IS NULL)`;

async function counted<T>(total: Promise<{ n: number }[]>, rows: Promise<T[]>, toItem: (row: T) => QueueItem) {
  const [[{ n }], list] = await Promise.all([total, rows]);
  return { total: n, items: list.map(toItem) };
}

/** Auditors: manual questions of the latest runs, not signed off, still pending (never answered, or deferred). */
const questionsToAnswer: QueueSource = {
  id: "questions",
  roles: ["auditor"],
  heading: "queues.questions",
  load({ db }, limit) {
    const where = and(eq(runs.status, "completed"), latestCompletedRun, notSignedOff, eq(runResults.status, "pending"), isNull(plans.deletedAt));
    const base = () => db.select({ n: count() }).from(runResults).innerJoin(runs, eq(runs.id, runResults.runId)).innerJoin(plans, eq(plans.id, runs.planId)).where(where);
    const rows = db
      .select({ runId: runs.id, ruleId: runResults.ruleId, plan: plans.name, answer: manualAnswers.answer })
      .from(runResults)
      .innerJoin(runs, eq(runs.id, runResults.runId))
      .innerJoin(plans, eq(plans.id, runs.planId))
      .leftJoin(manualAnswers, and(eq(manualAnswers.runId, runResults.runId), eq(manualAnswers.ruleId, runResults.ruleId)))
      .where(where)
      .orderBy(asc(runs.id), asc(runResults.ruleId))
      .limit(limit);
    return counted(base(), rows, (r) => ({
      key: r.answer === "deferred" ? "queues.item.deferred" : "queues.item.question",
      values: { rule: r.ruleId, run: r.runId, plan: r.plan },
      href: `/runs/${r.runId}#result-${r.ruleId}`,
    }));
  },
};

/** Auditors: plans whose latest run failed or was interrupted: start it again. */
const runsToFinish: QueueSource = {
  id: "runs",
  roles: ["auditor"],
  heading: "queues.runs",
  load({ db }, limit) {
    const latest = sql`${runs.id} = (SELECT max(r2.id) FROM ${runs} r2 WHERE r2.plan_id = ${runs.planId})`;
    const where = and(latest, inArray(runs.status, ["failed", "interrupted"]), isNull(plans.deletedAt));
    return counted(
      db.select({ n: count() }).from(runs).innerJoin(plans, eq(plans.id, runs.planId)).where(where),
      db.select({ runId: runs.id, planId: plans.id, plan: plans.name, status: runs.status }).from(runs).innerJoin(plans, eq(plans.id, runs.planId)).where(where).orderBy(asc(runs.id)).limit(limit),
      (r) => ({ key: r.status === "failed" ? "queues.item.runFailed" : "queues.item.runInterrupted", values: { run: r.runId, plan: r.plan }, href: `/plans/${r.planId}`, tone: "overdue" }),
    );
  },
};

/** Managers: the actions they own, in three sources (overdue, due soon, the rest still to do). */
function ownedActions(id: string, heading: MessageKey, condition: (today: string) => SQL, tone?: QueueItem["tone"]): QueueSource {
  return {
    id,
    roles: ["manager"],
    heading,
    load({ db, today, actor }, limit) {
      const where = and(sql`lower(${actions.owner}) = ${actor.toLowerCase()}`, condition(today));
      return counted(
        db.select({ n: count() }).from(actions).where(where),
        db
          .select({ id: actions.id, findingId: actions.findingId, title: actions.title, due: actions.dueDate, rule: findings.ruleId, plan: plans.name })
          .from(actions)
          .innerJoin(findings, eq(findings.id, actions.findingId))
          .innerJoin(plans, eq(plans.id, findings.planId))
          .where(where)
          .orderBy(sql`${actions.dueDate} IS NULL`, asc(actions.dueDate), asc(actions.id))
          .limit(limit),
        (r) => ({
          key: r.due ? "queues.item.action" : "queues.item.actionNoDue",
          values: { rule: r.rule, plan: r.plan, due: r.due ?? "" },
          href: `/findings?finding=${r.findingId}#action-${r.id}`,
          tone,
        }),
      );
    },
  };
}

const stillToDo = and(inArray(actions.status, ["open", "in_progress"]), sql`EXISTS (SELECT 1 FROM ${findings} WHERE ${findings.id} = ${actions.findingId} AND ${findings.status} = 'open')`)!;
const overdueOwned = ownedActions("overdue", "queues.overdue", (today) => overdueCondition(today), "overdue");
const dueSoonOwned = ownedActions("due-soon", "queues.dueSoon", (today) => and(stillToDo, gte(actions.dueDate, today), lte(actions.dueDate, addDays(today, dueSoonDays)))!, "due");
const otherOwned = ownedActions("owned", "queues.owned", (today) => and(stillToDo, sql`(${actions.dueDate} IS NULL OR ${actions.dueDate} > ${addDays(today, dueSoonDays)})`)!);

/** Compliance officers: the latest run of each plan, completed and final, not signed off, every question answered or deferred. */
const reportsToSignOff: QueueSource = {
  id: "signoff",
  roles: ["compliance_officer"],
  heading: "queues.signoff",
  load({ db }, limit) {
    const unanswered = sql`EXISTS (SELECT 1 FROM ${runResults} rr WHERE rr.run_id = ${runs.id} AND rr.status = 'pending' AND NOT EXISTS (SELECT 1 FROM ${manualAnswers} ma WHERE ma.run_id = rr.run_id AND ma.rule_id = rr.rule_id))`;
    const where = and(eq(runs.status, "completed"), eq(runs.provisional, false), latestCompletedRun, notSignedOff, sql`NOT ${unanswered}`, isNull(plans.deletedAt));
    return counted(
      db.select({ n: count() }).from(runs).innerJoin(plans, eq(plans.id, runs.planId)).where(where),
      db.select({ runId: runs.id, plan: plans.name }).from(runs).innerJoin(plans, eq(plans.id, runs.planId)).where(where).orderBy(asc(runs.id)).limit(limit),
      (r) => ({ key: "queues.item.signoff", values: { run: r.runId, plan: r.plan }, href: `/runs/${r.runId}#report-panel` }),
    );
  },
};

/** Compliance officers: waiver requests awaiting a decision, oldest first. */
const waiversToApprove: QueueSource = {
  id: "waivers",
  roles: ["compliance_officer"],
  heading: "queues.waivers",
  load({ db }, limit) {
    const where = and(eq(waivers.status, "requested"), isNull(plans.deletedAt));
    return counted(
      db.select({ n: count() }).from(waivers).innerJoin(plans, eq(plans.id, waivers.planId)).where(where),
      db.select({ id: waivers.id, rule: waivers.ruleId, plan: plans.name, by: waivers.requestedBy }).from(waivers).innerJoin(plans, eq(plans.id, waivers.planId)).where(where).orderBy(asc(waivers.id)).limit(limit),
      (r) => ({ key: "queues.item.waiver", values: { rule: r.rule, plan: r.plan, by: r.by }, href: `/findings#waiver-${r.id}` }),
    );
  },
};

/** Admins: failed imports of the last 30 days whose source has not imported successfully since. */
const failingImports: QueueSource = {
  id: "imports",
  roles: ["admin"],
  heading: "queues.imports",
  load({ db, today }, limit) {
    const since = Date.parse(`${addDays(today, -30)}T00:00:00Z`);
    const where = and(
      eq(ingestBatches.status, "failed"),
      gt(ingestBatches.startedAt, since),
      sql`NOT EXISTS (SELECT 1 FROM ${ingestBatches} later WHERE later.source = ${ingestBatches.source} AND later.status = 'completed' AND later.id > ${ingestBatches.id})`,
    );
    return counted(
      db.select({ n: count() }).from(ingestBatches).where(where),
      db.select({ id: ingestBatches.id, source: ingestBatches.source, entity: ingestBatches.entity, error: ingestBatches.error }).from(ingestBatches).where(where).orderBy(desc(ingestBatches.id)).limit(limit),
      (r) => ({ key: "queues.item.import", values: { id: r.id, source: r.source, error: (r.error ?? "").slice(0, 160) }, href: "/data#batches", tone: "overdue" }),
    );
  },
};

/** Admins: connectors whose latest sync failed (a later success clears it). */
const failingSyncs: QueueSource = {
  id: "syncs",
  roles: ["admin"],
  heading: "queues.syncs",
  load({ db }, limit) {
    const where = and(
      eq(connectorSyncs.status, "failed"),
      sql`${connectorSyncs.id} = (SELECT max(latest.id) FROM ${connectorSyncs} latest WHERE latest.connector_id = ${connectorSyncs.connectorId} AND latest.status <> 'running')`,
    );
    return counted(
      db.select({ n: count() }).from(connectorSyncs).where(where),
      db
        .select({ id: connectorSyncs.id, connector: connectors.name, error: connectorSyncs.error })
        .from(connectorSyncs)
        .innerJoin(connectors, eq(connectors.id, connectorSyncs.connectorId))
        .where(where)
        .orderBy(desc(connectorSyncs.id))
        .limit(limit),
      (r) => ({ key: "queues.item.sync", values: { connector: r.connector, error: (r.error ?? "").slice(0, 160) }, href: "/admin/connectors", tone: "overdue" }),
    );
  },
};

/** Every source, in the order the overview shows them. Add a source here and it appears. */
export const queueSources: QueueSource[] = [questionsToAnswer, runsToFinish, overdueOwned, dueSoonOwned, otherOwned, reportsToSignOff, waiversToApprove, failingImports, failingSyncs];

export interface Queue {
  id: string;
  heading: MessageKey;
  total: number;
  items: QueueItem[];
}

/** The non-empty queues of a role; none at all means "nothing is waiting for you". */
export async function waitingFor(role: Role, ctx: QueueContext, sources: QueueSource[] = queueSources): Promise<Queue[]> {
  const mine = sources.filter((s) => s.roles.includes(role));
  const loaded = await Promise.all(mine.map(async (s) => ({ id: s.id, heading: s.heading, ...(await s.load(ctx, queueLimit)) })));
  return loaded.filter((q) => q.total > 0);
}

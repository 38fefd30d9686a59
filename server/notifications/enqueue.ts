// The outbox's writing side: `enqueueNotifications(tx, event)` runs inside the transaction of the change that is
// the event, so a notification exists exactly when its event was committed. It resolves who is told (users by
// role or by the owner's address, webhook channels subscribed to the event), applies each user's preference and
// writes one row per recipient; a unique dedupe key makes enqueuing the same event twice a no-op.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../db/client.js";
import {
  actions,
  findings,
  notificationChannels,
  notificationPreferences,
  notifications,
  plans,
  runResults,
  runs,
  users,
  waivers,
  type NotificationEvent,
  type Role,
} from "../db/schema.js";

/** What a verb or the periodic scan says happened; `at` is the event's instant (the verb's `now`). */
export type NotificationEventInput =
  | { event: "action.assigned"; actionId: number; at: number }
  | { event: "action.due_soon" | "action.overdue"; actionId: number; at: number }
  /** a run completed: tells of its nonconformities, and that its report awaits sign-off */
  | { event: "run.completed"; runId: number; at: number }
  /** a signed run was reopened: its report awaits sign-off again */
  | { event: "report.awaiting_signoff"; runId: number; at: number }
  | { event: "waiver.awaiting_approval" | "waiver.expiring"; waiverId: number; at: number }
  | { event: "obligation.due"; planId: number; ruleId: string; nextDue: string; at: number }
  | { event: "ingest.failed"; source: string; error: string; at: number };

type Recipient = { kind: "user"; userId: number; email: string } | { kind: "address"; email: string };

interface Message {
  event: NotificationEvent;
  /** identifies the event: with the recipient, the dedupe key */
  key: string;
  payload: Record<string, unknown>;
  recipients: Recipient[];
}

/** Users of these roles who can sign in. */
async function byRole(tx: DbOrTx, roles: Role[]): Promise<Recipient[]> {
  const rows = await tx.select({ id: users.id, email: users.email }).from(users).where(and(inArray(users.role, roles), eq(users.disabled, false)));
  return rows.map((u) => ({ kind: "user", userId: u.id, email: u.email }));
}

/** An owner is an e-mail address: the account with it, or the bare address when it has none. */
async function byOwner(tx: DbOrTx, owner: string | null): Promise<Recipient[]> {
  const address = owner?.trim();
  if (!address) return [];
  const [u] = await tx.select({ id: users.id, email: users.email, disabled: users.disabled }).from(users).where(sql`lower(${users.email}) = lower(${address})`);
  if (u) return u.disabled ? [] : [{ kind: "user", userId: u.id, email: u.email }];
  return /^[^\s@]+@[^\s@]+$/.test(address) ? [{ kind: "address", email: address }] : [];
}

async function actionMessage(tx: DbOrTx, input: Extract<NotificationEventInput, { actionId: number }>): Promise<Message | null> {
  const [row] = await tx
    .select({ action: actions, finding: findings, plan: plans.name })
    .from(actions)
    .innerJoin(findings, eq(findings.id, actions.findingId))
    .innerJoin(plans, eq(plans.id, findings.planId))
    .where(eq(actions.id, input.actionId));
  if (!row) return null;
  const a = row.action;
  const payload = { actionId: a.id, title: a.title, owner: a.owner, dueDate: a.dueDate, planId: row.finding.planId, plan: row.plan, ruleId: row.finding.ruleId, path: "/findings" };
  // assignment: each (re)assignment is its own event; reminders: once per due date
  const key = input.event === "action.assigned" ? `${input.event}:${a.id}:${a.owner ?? ""}:${input.at}` : `${input.event}:${a.id}:${a.dueDate}`;
  return { event: input.event, key, payload, recipients: await byOwner(tx, a.owner) };
}

async function runMessages(tx: DbOrTx, runId: number, withNonconformities: boolean): Promise<Message[]> {
  const [run] = await tx.select({ run: runs, plan: plans }).from(runs).innerJoin(plans, eq(plans.id, runs.planId)).where(eq(runs.id, runId));
  // a provisional run raises nothing and cannot be signed off: nobody needs to act on it
  if (!run || run.run.status !== "completed" || run.run.provisional) return [];
  const base = { runId, planId: run.plan.id, plan: run.plan.name, score: run.run.score, path: `/runs/${runId}` };
  const out: Message[] = [];
  if (withNonconformities) {
    const failing = await tx.select({ ruleId: runResults.ruleId }).from(runResults).where(and(eq(runResults.runId, runId), eq(runResults.status, "fail")));
    if (failing.length) {
      const recipients = [...(await byOwner(tx, run.plan.owner)), ...(await byRole(tx, ["auditor"]))];
      out.push({ event: "run.nonconformities", key: `run.nonconformities:${runId}`, payload: { ...base, count: failing.length, rules: failing.map((f) => f.ruleId) }, recipients });
    }
  }
  out.push({
    event: "report.awaiting_signoff",
    key: `report.awaiting_signoff:${runId}:${run.run.stateRevision}`,
    payload: base,
    recipients: await byRole(tx, ["compliance_officer"]),
  });
  return out;
}

async function waiverMessage(tx: DbOrTx, input: Extract<NotificationEventInput, { waiverId: number }>): Promise<Message | null> {
  const [row] = await tx.select({ waiver: waivers, plan: plans.name }).from(waivers).innerJoin(plans, eq(plans.id, waivers.planId)).where(eq(waivers.id, input.waiverId));
  if (!row) return null;
  const w = row.waiver;
  const payload = { waiverId: w.id, planId: w.planId, plan: row.plan, ruleId: w.ruleId, requestedBy: w.requestedBy, expiresOn: w.expiresOn, path: "/waivers" };
  if (input.event === "waiver.awaiting_approval") {
    return { event: input.event, key: `${input.event}:${w.id}`, payload, recipients: await byRole(tx, ["compliance_officer"]) };
  }
  const recipients = [...(await byOwner(tx, w.requestedBy)), ...(await byRole(tx, ["compliance_officer"]))];
  return { event: input.event, key: `${input.event}:${w.id}:${w.expiresOn}`, payload, recipients };
}

async function messagesOf(tx: DbOrTx, input: NotificationEventInput): Promise<Message[]> {
  switch (input.event) {
    case "action.assigned":
    case "action.due_soon":
    case "action.overdue": {
      const m = await actionMessage(tx, input);
      return m ? [m] : [];
    }
    case "run.completed":
      return runMessages(tx, input.runId, true);
    case "report.awaiting_signoff":
      return runMessages(tx, input.runId, false);
    case "waiver.awaiting_approval":
    case "waiver.expiring": {
      const m = await waiverMessage(tx, input);
      return m ? [m] : [];
    }
    case "obligation.due": {
      const [plan] = await tx.select().from(plans).where(eq(plans.id, input.planId));
      if (!plan) return [];
      const recipients = [...(await byOwner(tx, plan.owner)), ...(await byRole(tx, ["auditor"]))];
      const payload = { planId: plan.id, plan: plan.name, ruleId: input.ruleId, nextDue: input.nextDue, path: `/plans/${plan.id}` };
      return [{ event: "obligation.due", key: `obligation.due:${plan.id}:${input.ruleId}:${input.nextDue}`, payload, recipients }];
    }
    case "ingest.failed": {
      const payload = { source: input.source, error: input.error.slice(0, 500), path: "/data" };
      return [{ event: "ingest.failed", key: `ingest.failed:${input.source}:${input.at}`, payload, recipients: await byRole(tx, ["admin"]) }];
    }
  }
}

/** Writes the event's notifications into the outbox; call it inside the transaction that makes the change. */
export async function enqueueNotifications(tx: DbOrTx, input: NotificationEventInput): Promise<number> {
  const messages = await messagesOf(tx, input);
  if (!messages.length) return 0;
  const channels = await tx.select({ id: notificationChannels.id, events: notificationChannels.events }).from(notificationChannels);
  const userIds = [...new Set(messages.flatMap((m) => m.recipients.flatMap((r) => (r.kind === "user" ? [r.userId] : []))))];
  const prefs = userIds.length
    ? await tx.select().from(notificationPreferences).where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.channel, "email")))
    : [];
  const modeOf = new Map(prefs.map((p) => [p.userId, p.mode]));
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const m of messages) {
    const seen = new Set<string>();
    for (const r of m.recipients) {
      const who = r.kind === "user" ? `user:${r.userId}` : `address:${r.email.toLowerCase()}`;
      if (seen.has(who)) continue;
      seen.add(who);
      const mode = r.kind === "user" ? (modeOf.get(r.userId) ?? "immediately") : "immediately";
      if (mode === "off") continue;
      rows.push({
        event: m.event,
        dedupeKey: `${m.key}|${who}`,
        channel: "email",
        userId: r.kind === "user" ? r.userId : null,
        address: r.email,
        delivery: mode,
        payload: m.payload,
        nextAttemptAt: input.at,
        createdAt: input.at,
      });
    }
    for (const ch of channels) {
      if (!ch.events.includes(m.event)) continue;
      rows.push({ event: m.event, dedupeKey: `${m.key}|channel:${ch.id}`, channel: "webhook", channelId: ch.id, payload: m.payload, nextAttemptAt: input.at, createdAt: input.at });
    }
  }
  let written = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const inserted = await tx.insert(notifications).values(rows.slice(i, i + 200)).onConflictDoNothing({ target: notifications.dedupeKey }).returning({ id: notifications.id });
    written += inserted.length;
  }
  return written;
}

/** For ingest and connectors: tell the admins (and subscribed channels) that an import or a sync failed. */
export function enqueueIngestFailure(tx: DbOrTx, source: string, error: string, at: number): Promise<number> {
  return enqueueNotifications(tx, { event: "ingest.failed", source, error, at });
}

/** The same from outside a transaction: a failed import's own transaction rolled back, so the notice gets its own. */
export function notifyIngestFailure(db: Db, source: string, error: string, at: number): Promise<number> {
  return db.transaction((tx) => enqueueIngestFailure(tx, source, error, at));
}

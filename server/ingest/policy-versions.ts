// New versions of a service's SLA policy: the previous version ends where the new one starts, and the tickets
// it now governs get their durations, targets and deadlines recomputed (with rollup deltas) in the same transaction.
import { and, asc, eq, gt, gte, isNull } from "drizzle-orm";
import { recordChange } from "../audit-trail.js";
import type { Ctx } from "../context.js";
import type { Db } from "../db/client.js";
import { slaPolicies, tickets } from "../db/schema.js";
import { parseInstant, slaPolicySchema } from "../contract/index.js";
import { AppError, toIssues } from "../errors.js";
import { keepTicketImages, noteChangedFields, openDataChange } from "./data-changes.js";
import { RollupDelta } from "./rollups.js";
import { ensureServices } from "./services.js";
import { PolicyBook, slaColumns } from "./sla-policies.js";
import { rollupZone } from "./rollup-zone.js";

export async function createPolicyVersion({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const parsed = slaPolicySchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid SLA policy", toIssues(parsed.error.issues));
  const p = parsed.data;
  const effectiveFrom = parseInstant(p.effective_from)!;
  // a version that starts in the past rewrites the derived values of tickets already judged: it needs a reason
  const backdated = effectiveFrom < now;
  const reason = p.reason?.trim() || null;
  if (backdated && !reason) {
    throw AppError.invalid("a backdated SLA policy version needs a reason", [{ path: "reason", message: "required when effective_from is in the past: it recomputes tickets already opened" }]);
  }
  return db.transaction(async (tx) => {
    const serviceId = (await ensureServices(tx, [p.service])).get(p.service)!;
    const versions = await tx.select().from(slaPolicies).where(eq(slaPolicies.serviceId, serviceId)).orderBy(asc(slaPolicies.effectiveFrom));
    const current = versions.at(-1);
    if (current && current.effectiveFrom >= effectiveFrom) throw AppError.conflict(`a newer version (v${current.version}) of this service's policy starts on or after ${p.effective_from}`);
    if (current && (current.effectiveTo === null || current.effectiveTo > effectiveFrom)) {
      await tx.update(slaPolicies).set({ effectiveTo: effectiveFrom }).where(eq(slaPolicies.id, current.id));
    }
    const [created] = await tx
      .insert(slaPolicies)
      .values({
        serviceId,
        name: p.name ?? `${p.service} SLA`,
        version: (current?.version ?? 0) + 1,
        effectiveFrom,
        effectiveTo: null,
        calendar: p.calendar,
        targets: p.targets,
        createdAt: now,
      })
      .returning();
    const revision = await openDataChange(tx, now, { actor, kind: "policy", source: `sla_policy:${created.id}`, reason });
    const recomputed = await recomputeTickets(tx, serviceId, effectiveFrom, now, revision);
    if (recomputed.length) await noteChangedFields(tx, revision);
    // the trail names the tickets recomputed (their before-images are in ticket_history under this revision);
    // signed-off runs are untouched: runs keep their own results, and verify-run reads the data as it stood
    await recordChange(tx, now, {
      actor,
      action: "sla_policy.create",
      entity: "sla_policy",
      entityId: created.id,
      before: current ?? null,
      after: { ...created, backdated, reason, revision, recomputed: recomputed.length, recomputedIds: recomputed.slice(0, maxIdsInTrail), recomputedIdsOmitted: Math.max(0, recomputed.length - maxIdsInTrail) },
    });
    return { ...created, backdated, reason, revision, recomputed: recomputed.length };
  });
}

/** At most this many recomputed ticket ids are listed in the audit-trail entry itself (all are in ticket_history). */
const maxIdsInTrail = 10_000;

/** Recomputes durations, targets and deadlines of the service's tickets opened from `from` on, page by page; answers their ids. */
async function recomputeTickets(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], serviceId: number, from: number, now: number, revision: number): Promise<string[]> {
  const book = await PolicyBook.load(tx);
  const delta = new RollupDelta(await rollupZone(tx));
  let after = "";
  const changed: string[] = [];
  for (;;) {
    const page = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.serviceId, serviceId), gte(tickets.openedAt, from), gt(tickets.id, after), isNull(tickets.deletedAt)))
      .orderBy(asc(tickets.id))
      .limit(2000);
    if (page.length === 0) break;
    await keepTicketImages(tx, revision, page.filter((t) => book.inForce(serviceId, t.openedAt)).map((t) => t.id));
    for (const t of page) {
      const policy = book.inForce(serviceId, t.openedAt);
      if (!policy) continue;
      const sla = slaColumns(policy, t);
      delta.add(t, -1);
      delta.add({ ...t, ...sla }, 1);
      await tx.update(tickets).set({ ...sla, updatedAt: now, revision }).where(eq(tickets.id, t.id));
      changed.push(t.id);
    }
    await delta.apply(tx);
    after = page[page.length - 1].id;
  }
  return changed;
}

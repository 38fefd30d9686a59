// New versions of a service's SLA policy: the previous version ends where the new one starts, and the tickets
// it now governs get their durations, targets and deadlines recomputed (with rollup deltas) in the same transaction.
import { and, asc, eq, gt, gte, isNull } from "drizzle-orm";
import { recordChange } from "../audit-trail.js";
import type { Db } from "../db/client.js";
import { slaPolicies, tickets } from "../db/schema.js";
import { parseInstant, slaPolicySchema } from "../contract.js";
import { AppError, toIssues } from "../errors.js";
import { RollupDelta } from "./rollups.js";
import { ensureServices } from "./services.js";
import { PolicyBook, slaColumns } from "./sla-policies.js";

export async function createPolicyVersion(db: Db, now: number, actor: string, input: unknown) {
  const parsed = slaPolicySchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid SLA policy", toIssues(parsed.error.issues));
  const p = parsed.data;
  const effectiveFrom = parseInstant(p.effective_from)!;
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
    const recomputed = await recomputeTickets(tx, serviceId, effectiveFrom, now);
    await recordChange(tx, now, { actor, action: "sla_policy.create", entity: "sla_policy", entityId: created.id, before: current ?? null, after: { ...created, recomputed } });
    return { ...created, recomputed };
  });
}

/** Recomputes durations, targets and deadlines of the service's tickets opened from `from` on, page by page. */
async function recomputeTickets(tx: Parameters<Parameters<Db["transaction"]>[0]>[0], serviceId: number, from: number, now: number): Promise<number> {
  const book = await PolicyBook.load(tx);
  const delta = new RollupDelta();
  let after = "";
  let changed = 0;
  for (;;) {
    const page = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.serviceId, serviceId), gte(tickets.openedAt, from), gt(tickets.id, after), isNull(tickets.deletedAt)))
      .orderBy(asc(tickets.id))
      .limit(2000);
    if (page.length === 0) break;
    for (const t of page) {
      const policy = book.inForce(serviceId, t.openedAt);
      if (!policy) continue;
      const sla = slaColumns(policy, t);
      delta.add(t, -1);
      delta.add({ ...t, ...sla }, 1);
      await tx.update(tickets).set({ ...sla, updatedAt: now }).where(eq(tickets.id, t.id));
      changed++;
    }
    await delta.apply(tx);
    after = page[page.length - 1].id;
  }
  return changed;
}

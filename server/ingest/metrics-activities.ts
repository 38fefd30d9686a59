// Metric samples (upsert by metric, service, instant) and activities (upsert by id) in one transaction per batch;
// two items of a batch with the same key refuse it.
import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { activities, metricSamples } from "../db/schema.js";
import { parseDateOrInstant, parseInstant, type ActivityInput, type BatchResult, type MetricSampleInput } from "../contract/index.js";
import { duplicateIssues, refuseDuplicates } from "./duplicates.js";
import { ensureServices } from "./services.js";
import { recordBatch } from "./tickets.js";
import { openDataChange } from "./data-changes.js";

export async function ingestMetricBatch(db: Db, now: number, actor: string, items: MetricSampleInput[]): Promise<BatchResult> {
  // the stored key: the service as given (trimmed by the schema), the instant whatever its offset
  refuseDuplicates(
    duplicateIssues(
      items,
      (s) => JSON.stringify([s.metric, s.service ?? null, parseInstant(s.at)]),
      (i, first) => ({ path: `samples.${i}.at`, message: `same metric, service and at as samples.${first}` }),
    ),
  );
  return db.transaction(async (tx) => {
    const revision = await openDataChange(tx, now, { actor, kind: "ingest", source: "api" });
    const serviceIds = await ensureServices(tx, items.flatMap((s) => (s.service ? [s.service] : [])));
    const latest = new Map<string, typeof metricSamples.$inferInsert>();
    for (const s of items) {
      const row = { metric: s.metric, serviceId: s.service ? serviceIds.get(s.service)! : 0, at: parseInstant(s.at)!, value: s.value, unit: s.unit ?? null, updatedAt: now, revision };
      latest.set(`${row.metric}\u0000${row.serviceId}\u0000${row.at}`, row);
    }
    const rows = [...latest.values()];
    let existing = 0;
    for (let i = 0; i < rows.length; i += 300) {
      const chunk = rows.slice(i, i + 300);
      const [{ n }] = await tx.all<{ n: number }>(sql`SELECT count(*) AS n FROM metric_samples WHERE (metric, service_id, at) IN (VALUES ${sql.join(
        chunk.map((r) => sql`(${r.metric}, ${r.serviceId}, ${r.at})`),
        sql`, `,
      )})`);
      existing += n;
      if (n) {
        // the replaced values first (a sample re-posted with the value it has is not a change)
        await tx.run(sql`INSERT OR IGNORE INTO metric_history (sample_id, revision, superseded_by, metric, service_id, at, value, unit, updated_at)
          SELECT m.id, m.revision, ${revision}, m.metric, m.service_id, m.at, m.value, m.unit, m.updated_at FROM metric_samples AS m
          JOIN (VALUES ${sql.join(chunk.map((r) => sql`(${r.metric}, ${r.serviceId}, ${r.at}, ${r.value}, ${r.unit})`), sql`, `)}) AS v
            ON m.metric = v.column1 AND m.service_id = v.column2 AND m.at = v.column3
          WHERE m.value IS NOT v.column4 OR m.unit IS NOT v.column5`);
      }
      await tx
        .insert(metricSamples)
        .values(chunk)
        .onConflictDoUpdate({
          target: [metricSamples.metric, metricSamples.serviceId, metricSamples.at],
          set: { value: sql`excluded.value`, unit: sql`excluded.unit`, updatedAt: now, revision: sql`CASE WHEN ${metricSamples.value} IS NOT excluded.value OR ${metricSamples.unit} IS NOT excluded.unit THEN excluded.revision ELSE ${metricSamples.revision} END` },
        });
    }
    const result = { received: items.length, inserted: rows.length - existing, updated: existing };
    await recordBatch(tx, now, actor, "metrics", "api", result, revision);
    return result;
  });
}

/** An activity without an id gets one derived from its content, so re-posting it does not duplicate it. */
function activityId(a: ActivityInput): string {
  if (a.id) return a.id;
  const digest = createHash("sha1").update(JSON.stringify([a.type, a.date, a.service ?? null, a.title ?? null, a.ticket_id ?? null])).digest("hex");
  return `act-${digest.slice(0, 20)}`;
}

export async function ingestActivityBatch(db: Db, now: number, actor: string, items: ActivityInput[]): Promise<BatchResult> {
  refuseDuplicates(
    duplicateIssues(items, activityId, (i, first) =>
      items[i].id
        ? { path: `activities.${i}.id`, message: `duplicate of activities.${first}.id` }
        : { path: `activities.${i}`, message: `same type, date, service, title and ticket_id as activities.${first} (an activity without an id is known by these)` },
    ),
  );
  return db.transaction(async (tx) => {
    const revision = await openDataChange(tx, now, { actor, kind: "ingest", source: "api" });
    const serviceIds = await ensureServices(tx, items.flatMap((a) => (a.service ? [a.service] : [])));
    const latest = new Map<string, typeof activities.$inferInsert>();
    for (const a of items) {
      const when = parseDateOrInstant(a.date)!;
      const id = activityId(a);
      latest.set(id, {
        id,
        type: a.type,
        date: when.date,
        at: when.at,
        dateOnly: when.dateOnly,
        serviceId: a.service ? serviceIds.get(a.service)! : null,
        title: a.title ?? null,
        outcome: a.outcome ?? null,
        score: a.score ?? null,
        ticketId: a.ticket_id ?? null,
        participants: a.participants ?? null,
        auditor: a.auditor ?? null,
        area: a.area ?? null,
        areaOwner: a.area_owner ?? null,
        inputs: a.inputs ?? null,
        major: a.major ?? false,
        updatedAt: now,
        revision,
      });
    }
    const rows = [...latest.values()];
    let existing = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      existing += (await tx.select({ id: activities.id }).from(activities).where(inArray(activities.id, chunk.map((r) => r.id)))).length;
      // the images these rows replace, kept first
      await tx.run(sql`INSERT OR IGNORE INTO activity_history (activity_id, revision, superseded_by, type, date, at, date_only, service_id, title, outcome, score, ticket_id, updated_at, participants, auditor, area, area_owner, inputs, major)
        SELECT id, revision, ${revision}, type, date, at, date_only, service_id, title, outcome, score, ticket_id, updated_at, participants, auditor, area, area_owner, inputs, major FROM activities
        WHERE id IN (SELECT value FROM json_each(${JSON.stringify(chunk.map((r) => r.id))}))`);
      await tx
        .insert(activities)
        .values(chunk)
        .onConflictDoUpdate({
          target: activities.id,
          set: Object.fromEntries(
            ["type", "date", "at", "date_only", "service_id", "title", "outcome", "score", "ticket_id", "updated_at", "revision", "participants", "auditor", "area", "area_owner", "inputs", "major"].map((c) => [c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase()), sql.raw(`excluded.${c}`)]),
          ),
        });
    }
    const result = { received: items.length, inserted: rows.length - existing, updated: existing };
    await recordBatch(tx, now, actor, "activities", "api", result, revision);
    return result;
  });
}

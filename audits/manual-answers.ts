// Answers to manual questions during a run, and evidence attachments: answering re-judges the rule,
// re-scores the run and raises or resolves the finding, all in one transaction.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { recordChange } from "../server/audit-trail.js";
import type { Ctx } from "../server/context.js";
import type { Db, DbOrTx } from "../server/db/client.js";
import { attachments, manualAnswers, runResults } from "../server/db/schema.js";
import { manualAnswerSchema } from "../server/contract/index.js";
import { AppError, toIssues } from "../server/errors.js";
import { manualOutcome } from "./evaluators/manual.js";
import { applyFindings } from "./findings.js";
import { rulebookOfRun } from "./rulebooks/store.js";
import type { RuleOf } from "./rulebooks/types.js";
import { findRun, resultJson, type Run } from "./runs.js";
import { storeResult } from "./run-executor.js";
import { assertUnlocked, bumpRunState, rescoreRun, waiversCovering } from "./run-state.js";

async function manualRuleOf(db: DbOrTx, run: Run, ruleId: string): Promise<RuleOf<"manual">> {
  const snapshot = run.planSnapshot;
  const rule = (await rulebookOfRun(db, run)).rules.find((r) => r.id === ruleId);
  if (!rule || !snapshot.rules.includes(ruleId)) throw AppError.notFound(`rule ${ruleId} in run ${run.id}`);
  if (rule.kind !== "manual") throw AppError.invalid(`${ruleId} is measured, not a manual question`, [{ path: "rule_id", message: "not a manual question" }]);
  return rule;
}

/** `data`: the answer as sent ({ answer, note }), validated here. */
export async function answerManualQuestion({ ctx, input }: { ctx: Ctx; input: { runId: number; ruleId: string; data: unknown } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { runId, ruleId } = input;
  const parsed = manualAnswerSchema.safeParse(input.data);
  if (!parsed.success) throw AppError.invalid("invalid answer", toIssues(parsed.error.issues));
  const answer = { answer: parsed.data.answer, note: parsed.data.note ?? null };
  return db.transaction(async (tx) => {
    const run = await findRun(tx, runId);
    const rule = await manualRuleOf(tx, run, ruleId);
    if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; answers are taken once it completed`);
    await assertUnlocked(tx, runId);
    const [before] = await tx.select().from(manualAnswers).where(and(eq(manualAnswers.runId, runId), eq(manualAnswers.ruleId, ruleId)));
    await tx
      .insert(manualAnswers)
      .values({ runId, ruleId, ...answer, answeredBy: actor, answeredAt: now })
      .onConflictDoUpdate({ target: [manualAnswers.runId, manualAnswers.ruleId], set: { ...answer, answeredBy: actor, answeredAt: now } });
    const waivers = await waiversCovering(tx, run);
    const row = await storeResult(tx, runId, rule, manualOutcome(rule, answer), waivers.get(ruleId));
    await rescoreRun(tx, runId);
    const snapshot = run.planSnapshot;
    // a provisional run raises nothing: its period has not ended
    if (!run.provisional) {
      await applyFindings(tx, now, actor, { planId: run.planId, runId, owner: snapshot.owner, timezone: run.timezone }, [
        { rule, status: row.status, message: row.message, evidenceCount: 0, evidenceIds: [], note: answer.note },
      ]);
    }
    await recordChange(tx, now, { actor, action: "manual.answer", entity: "run", entityId: `${runId}/${ruleId}`, before: before ?? null, after: answer });
    const [stored] = await tx.select().from(runResults).where(and(eq(runResults.runId, runId), eq(runResults.ruleId, ruleId)));
    return resultJson(stored);
  });
}

/** What the API and the pages answer alike for a form's `file` field that holds no file, or an empty one. */
export const attachmentRefusals = {
  missing: { path: "file", message: "required: choose a file to attach" },
  empty: { path: "file", message: "the file is empty (0 bytes)" },
} as const;

export function attachmentJson(a: Omit<typeof attachments.$inferSelect, "content">) {
  return { id: a.id, run_id: a.runId, rule_id: a.ruleId, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, uploaded_by: a.uploadedBy, created_at: new Date(a.createdAt).toISOString() };
}

/**
 * Attaches evidence to a manual answer. `file`: what the form's `file` field held, as read (a File, or anything else);
 * the checks live here so that the API and the pages answer alike: no file (a field without one, or a browser's empty
 * choice: no name, no bytes) and an empty file are 400s naming `file`, a file over `maxBytes` (the configured limit,
 * ASSAY_MAX_ATTACHMENT_BYTES) is 413.
 */
export async function addAttachment({ ctx, input }: { ctx: Ctx; input: { runId: number; ruleId: string; file: unknown; maxBytes: number } }) {
  const { db, now } = ctx;
  const actor = ctx.actor.name;
  const { runId, ruleId, file, maxBytes } = input;
  if (!(file instanceof File) || (file.size === 0 && file.name === "")) throw AppError.invalid("no file: send the field `file` with the file", [attachmentRefusals.missing]);
  if (file.size > maxBytes) throw new AppError("too_large", 413, `the attachment is larger than ${maxBytes} bytes`);
  if (file.size === 0) throw AppError.invalid(`the file ${file.name} is empty`, [attachmentRefusals.empty]);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const filename = file.name.replace(/[\\/\u0000-\u001f]/g, "_").slice(0, 200) || "attachment";
  return db.transaction(async (tx) => {
    const run = await findRun(tx, runId);
    await manualRuleOf(tx, run, ruleId);
    // evidence belongs to a completed, unlocked run: not to one that failed or was cut off, nor to a signed one
    if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; evidence is attached to a completed run`);
    await assertUnlocked(tx, runId);
    const [row] = await tx
      .insert(attachments)
      .values({
        runId,
        ruleId,
        filename,
        contentType: file.type || "application/octet-stream",
        size: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        content: Buffer.from(bytes),
        uploadedBy: actor,
        createdAt: now,
      })
      .returning();
    const json = attachmentJson(row);
    await bumpRunState(tx, runId);
    await recordChange(tx, now, { actor, action: "attachment.add", entity: "attachment", entityId: row.id, after: json });
    return json;
  });
}

export async function listAttachments(db: Db, runId: number, ruleId?: string) {
  const rows = await db
    .select({ id: attachments.id, runId: attachments.runId, ruleId: attachments.ruleId, filename: attachments.filename, contentType: attachments.contentType, size: attachments.size, sha256: attachments.sha256, uploadedBy: attachments.uploadedBy, createdAt: attachments.createdAt })
    .from(attachments)
    .where(and(eq(attachments.runId, runId), ruleId ? eq(attachments.ruleId, ruleId) : undefined));
  return rows.map(attachmentJson);
}

export async function getAttachment(db: Db, runId: number, id: number) {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.runId, runId), eq(attachments.id, id)));
  if (!row) throw AppError.notFound(`attachment ${id}`);
  return row;
}

export type ManualAnswerRow = typeof manualAnswers.$inferSelect;

/** The run's answers by rule: what the run page shows and what a run (or its re-performance) judges by. */
export async function answersOfRun(db: DbOrTx, runId: number): Promise<Map<string, ManualAnswerRow>> {
  const rows = await db.select().from(manualAnswers).where(eq(manualAnswers.runId, runId));
  return new Map(rows.map((r) => [r.ruleId, r]));
}

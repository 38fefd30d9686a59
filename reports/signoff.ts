// Signing off a completed run: the sign-off row and its audit-trail entry in one transaction,
// then a new report version that shows it (with its own SHA-256).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordChange } from "../server/audit-trail.js";
import type { Database } from "../server/db/client.js";
import { runs, signoffs } from "../server/db/schema.js";
import { AppError, toIssues } from "../server/errors.js";
import { storeRunReportVersion, type ReportVersion } from "./store.js";

export const signoffInputSchema = z.object({
  name: z.string().trim().min(1, "the name of the person signing off is required").max(200),
  comment: z
    .string()
    .max(4000)
    .nullish()
    .transform((c) => (c && c.trim() !== "" ? c : null)),
});

export type SignoffInput = z.input<typeof signoffInputSchema>;
export type Signoff = typeof signoffs.$inferSelect;

export interface Signer {
  actor: string;
  /** the user's id when a person (not a token) signs */
  userId: number | null;
}

export async function signOffRun(
  database: Database,
  now: number,
  runId: number,
  signer: Signer,
  input: unknown,
): Promise<{ signoff: Signoff; report: ReportVersion }> {
  const parsed = signoffInputSchema.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid sign-off", toIssues(parsed.error.issues));
  const { name, comment } = parsed.data;

  const signoff = await database.db.transaction(async (tx) => {
    const [run] = await tx.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    if (!run) throw AppError.notFound(`run ${runId}`);
    if (run.status !== "completed") throw AppError.conflict(`run ${runId} is ${run.status}; only a completed run can be signed off`);
    const [existing] = await tx.select({ id: signoffs.id, name: signoffs.name }).from(signoffs).where(eq(signoffs.runId, runId)).limit(1);
    if (existing) throw AppError.conflict(`run ${runId} was already signed off by ${existing.name}`);
    const [row] = await tx.insert(signoffs).values({ runId, name, userId: signer.userId, comment, signedAt: now }).returning();
    await recordChange(tx, now, { actor: signer.actor, action: "run.signoff", entity: "run", entityId: runId, after: { signoffId: row.id, name, comment, signedAt: now } });
    return row;
  });
  const report = await storeRunReportVersion(database, runId, now);
  return { signoff, report };
}

export async function getSignoff(database: Database, runId: number): Promise<Signoff | null> {
  const [row] = await database.db.select().from(signoffs).where(eq(signoffs.runId, runId)).limit(1);
  return row ?? null;
}

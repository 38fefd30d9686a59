// Runs: their results in the contract's shape, the listing and evidence queries, and manual answers.
import { z } from "zod";
import { queryId, queryInteger } from "./common.js";

export const resultStatusValues = ["pass", "fail", "not_applicable", "waived", "pending", "error"] as const;

export const runResultSchema = z.object({
  rule_id: z.string(),
  status: z.enum(resultStatusValues),
  value: z.number().nullable(),
  threshold: z.number().nullable(),
  population: z.number().int(),
  evidence: z.object({ count: z.number().int(), ids: z.array(z.string()) }),
  message: z.string(),
});

export const runSchema = z.object({
  id: z.number().int(),
  plan_id: z.number().int(),
  status: z.enum(["queued", "running", "completed", "failed", "interrupted"]),
  period: z.object({ start: z.string(), end: z.string() }),
  score: z.number().nullable(),
  results: z.array(runResultSchema),
});

/** GET /runs */
export const runListQuery = z.object({ plan_id: queryId().optional().meta({ description: "only the runs of this plan" }) });

/** Largest page of a result's evidence (`limit`). */
export const evidencePageMax = 1000;

/** GET /runs/:id/results/:ruleId/evidence: record ids in order, paged with `after` (the last id seen). */
export const evidenceQuery = z.object({
  after: z.string().max(200).optional().meta({ description: "the last record id of the previous page (`next_after`)" }),
  limit: queryInteger(1, evidencePageMax, `a whole number from 1 to ${evidencePageMax}`).optional().meta({ description: `page size, 1 to ${evidencePageMax} (default 100)` }),
});

/** PUT /runs/:id/answers/:ruleId */
export const manualAnswerSchema = z
  .object({
    answer: z.enum(["conformant", "nonconformant", "not_applicable", "deferred"]),
    note: z.string().trim().max(10_000).nullable().optional(),
  })
  .strict()
  .refine((a) => a.answer === "conformant" || !!a.note, { message: "a note is required for nonconformant, not applicable and deferred answers", path: ["note"] });

/** GET /runs/:id/attachments */
export const attachmentListQuery = z.object({ rule_id: z.string().max(64).optional().meta({ description: "only the attachments of this rule's answer" }) });

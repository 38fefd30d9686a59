// Activities (drills, reviews, trainings…): the ingest batch.
import { z } from "zod";
import { dateOrInstant, maxBatchItems, nullableText } from "./common.js";

const builtInActivityTypes = [
  "emergency_drill",
  "emergency_plan_review",
  "incident_review",
  "training",
  "kb_update",
  "access_review",
  "backup_restore_test",
  "sla_review",
  "management_review",
  "internal_audit",
  "problem_review",
  "change",
  "continuity_test",
] as const;

/** What a management review may have covered (ISO 9.3): its `inputs`. */
export const managementReviewInputs = [
  "audit_results",
  "customer_satisfaction",
  "service_performance",
  "nonconformities_actions",
  "risks",
  "improvement_opportunities",
] as const;
export type ManagementReviewInput = (typeof managementReviewInputs)[number];

/** A person's name: text of at most 200 characters. */
const personName = z.string().max(200);
const nullablePerson = personName.nullable().optional();

export const activitySchema = z
  .object({
    id: z.string().min(1).max(64).optional(),
    type: z
      .string()
      .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, "must be lower_snake_case, e.g. emergency_drill")
      .max(64)
      .meta({ description: `lower_snake_case; the built-in rulebook reads ${builtInActivityTypes.join(", ")}` }),
    date: dateOrInstant,
    service: z.string().trim().min(1).max(64).nullable().optional(),
    title: nullableText,
    outcome: nullableText,
    score: z.number().finite().min(0).max(100).nullable().optional(),
    ticket_id: z.string().max(64).nullable().optional(),
    participants: z
      .array(personName)
      .max(1000)
      .nullable()
      .optional()
      .meta({ description: "people who took part (a training's attendees); compared trimmed and case-insensitive. In CSV: separated by ;" }),
    auditor: nullablePerson.meta({ description: "an internal audit: who audited" }),
    area: z.string().max(200).nullable().optional().meta({ description: "an internal audit: the area audited (a process or service)" }),
    area_owner: nullablePerson.meta({ description: "an internal audit: who owns the area audited (must not be the auditor)" }),
    inputs: z
      .array(z.enum(managementReviewInputs, { error: () => `must be one of ${managementReviewInputs.join(", ")}` }))
      .max(managementReviewInputs.length * 4)
      .nullable()
      .optional()
      .meta({ description: `a management review: the inputs it covered, from ${managementReviewInputs.join(", ")}. In CSV: separated by ;` }),
    major: z.boolean().optional().meta({ description: "a change: marked major (default false)" }),
  })
  .strict();
export type ActivityInput = z.infer<typeof activitySchema>;
export const activityBatchSchema = z.object({ activities: z.array(activitySchema).max(maxBatchItems, `at most ${maxBatchItems} activities per batch`) }).strict();


/** The columns of an activities CSV file (header row): the contract's fields; list fields are separated by `;`. */
export const activityFields = ["id", "type", "date", "service", "title", "outcome", "score", "ticket_id", "participants", "auditor", "area", "area_owner", "inputs", "major"] as const;

export const activityUploadQuery = z.object({
  encoding: z
    .string()
    .optional()
    .meta({ description: "the CSV file's encoding: utf-8 (default; a BOM is allowed) or gb18030 (also reads GBK and GB2312); the charset of the Content-Type says the same" }),
});

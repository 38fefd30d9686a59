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
] as const;

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
  })
  .strict();
export type ActivityInput = z.infer<typeof activitySchema>;
export const activityBatchSchema = z.object({ activities: z.array(activitySchema).max(maxBatchItems, `at most ${maxBatchItems} activities per batch`) }).strict();


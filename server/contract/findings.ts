// Findings: the listing's filters.
import { z } from "zod";
import { findingStatuses } from "../db/schema.js";

export const severities = ["major", "minor", "observation"] as const;

/** GET /findings: every filter is optional; they combine with AND. */
export const findingFiltersSchema = z
  .object({
    plan_id: z.coerce.number().int().positive().optional().meta({ description: "only the findings of this plan" }),
    status: z.enum(findingStatuses).optional(),
    severity: z.enum(severities).optional(),
    rule_id: z.string().max(64).optional().meta({ description: "only the findings of this rule, e.g. INC-RESP-URGENT" }),
  })
  .strict();

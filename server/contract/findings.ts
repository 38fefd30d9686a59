// Findings: the listing's filters, sort and paging (all applied in SQL), and what closing a finding records.
import { z } from "zod";
import { findingStatuses } from "../db/schema.js";

export const severities = ["major", "minor", "observation"] as const;

/** `active`: open or resolved awaiting verification, i.e. not closed (the findings page's default); `all`: every status. */
export const findingStatusFilters = [...findingStatuses, "active", "all"] as const;
export const findingSorts = ["newest", "severity", "due", "plan", "rule", "status"] as const;

/** GET /findings: every filter is optional; they combine with AND. */
export const findingFiltersSchema = z
  .object({
    plan_id: z.coerce.number().int().positive().optional().meta({ description: "only the findings of this plan" }),
    status: z.enum(findingStatusFilters).optional().meta({ description: "a finding status, `active` (not closed) or `all` (the default)" }),
    severity: z.enum(severities).optional(),
    rule_id: z.string().max(64).optional().meta({ description: "only the findings of this rule, e.g. INC-RESP-URGENT" }),
    owner: z.string().trim().min(1).max(254).optional().meta({ description: "only findings with an action whose owner contains this text (case-insensitive)" }),
    overdue: z.enum(["1", "true"]).optional().meta({ description: "only findings with an overdue action (judged on the organisation's date)" }),
    sort: z.enum(findingSorts).optional().meta({ description: "newest (default), severity, due (earliest open action first), plan, rule or status" }),
    order: z.enum(["asc", "desc"]).optional().meta({ description: "reverses the sort's natural order with `desc` (asc by default; newest is newest first)" }),
    page: z.coerce.number().int().min(1).max(1_000_000).optional().meta({ description: "1-based page (default 1)" }),
    page_size: z.coerce.number().int().min(1).max(1000).optional().meta({ description: "findings per page (default 1000, at most 1000)" }),
  })
  .strict();
export type FindingFilters = z.output<typeof findingFiltersSchema>;

/** POST /findings/:id/close: the root cause, and the later run of the plan that passed the rule (the effectiveness check). */
export const findingCloseSchema = z
  .object({
    root_cause: z.string().trim().min(10).max(5000).meta({ description: "why the nonconformity happened (at least 10 characters)" }),
    verified_by_run_id: z.coerce.number().int().positive(),
  })
  .strict();


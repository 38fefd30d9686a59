// GET /api/v1/data-quality: what in the stored tickets would fail REC-COMPLETE and REC-CONSISTENT, with the offending rows.
import { z } from "zod";
import { calendarDay, queryId, queryInteger } from "./common.js";

/** Largest page of offending rows. */
export const dataQualityPageMax = 500;
/** Offending rows per page when not asked. */
export const dataQualityPageDefault = 50;

export const dataQualityQuery = z.object({
  service: z.string().max(64).optional().meta({ description: "a service key: only its tickets" }),
  since: calendarDay.optional().meta({ description: "only tickets opened on or after this day (YYYY-MM-DD, in the organisation's time zone)" }),
  data_change: queryId().optional().meta({ description: "only the tickets this data change (an import, a sync) inserted or changed" }),
  batch: queryId().optional().meta({ description: "only the tickets this ingest batch inserted or changed" }),
  page: queryInteger(1, 1_000_000, "out of range").optional().meta({ description: "page of offending rows, from 1" }),
  page_size: queryInteger(1, dataQualityPageMax, "out of range").optional().meta({ description: `offending rows per page, 1 to ${dataQualityPageMax} (default ${dataQualityPageDefault})` }),
});

/** The parts of REC-COMPLETE a record misses (server/ingest/record-completeness.ts). */
export const incompleteFieldSchema = z.enum(["summary", "category", "priority", "assignee", "id", "resolution"]);
/** The REC-CONSISTENT conditions a record meets (audits/evaluators/ticket-conditions.ts). */
export const inconsistencyCheckSchema = z.enum(["first_response_before_opened", "resolved_before_opened", "closed_before_resolved", "closed_before_opened", "negative_resolution_time"]);

export const dataQualityRowSchema = z.object({
  id: z.string(),
  service: z.string(),
  opened_at: z.string().meta({ description: "ISO 8601 instant" }),
  incomplete: z.array(incompleteFieldSchema).meta({ description: "what REC-COMPLETE misses: a blank field, an id not shaped like ABC-2026-001, a resolved ticket without a resolution" }),
  inconsistent: z.array(inconsistencyCheckSchema).meta({ description: "the REC-CONSISTENT conditions the record meets" }),
});

export const dataQualitySchema = z.object({
  scope: z.object({ service: z.string().nullable(), since: z.string().nullable(), data_change: z.number().int().nullable(), batch: z.number().int().nullable() }),
  tickets: z.number().int().meta({ description: "tickets in scope (not deleted)" }),
  incomplete: z.number().int().meta({ description: "tickets that would fail REC-COMPLETE" }),
  inconsistent: z.number().int().meta({ description: "tickets that would fail REC-CONSISTENT" }),
  offending: z.number().int().meta({ description: "tickets that fail either (the rows, paged)" }),
  checks: z.record(inconsistencyCheckSchema, z.number().int()).meta({ description: "tickets meeting each REC-CONSISTENT condition" }),
  page: z.number().int(),
  page_size: z.number().int(),
  rows: z.array(dataQualityRowSchema).meta({ description: "offending tickets ordered by id" }),
});

export type DataQuality = z.infer<typeof dataQualitySchema>;
export type DataQualityRow = z.infer<typeof dataQualityRowSchema>;

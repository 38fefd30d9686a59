// Tickets: the ingest batch and CSV columns, the delete reason, and the listing's query.
import { z } from "zod";
import { instant, maxBatchItems, nullableText, queryInstant, queryInteger } from "./common.js";

export const ticketKinds = ["incident", "request", "problem"] as const;
export const priorities = ["urgent", "important", "general"] as const;

export const ticketSchema = z
  .object({
    id: z.string().min(1).max(64),
    kind: z.enum(ticketKinds),
    service: z.string().trim().min(1).max(64),
    priority: z.enum(priorities).nullable().optional(),
    complex: z.boolean().nullable().optional(),
    category: z.string().max(64).nullable().optional(),
    summary: nullableText,
    assignee: z.string().max(200).nullable().optional(),
    resolution: nullableText,
    channel: z.string().max(64).nullable().optional(),
    opened_at: instant,
    first_response_at: instant.nullable().optional(),
    resolved_at: instant.nullable().optional(),
    closed_at: instant.nullable().optional(),
    on_hold_minutes: z.number().finite().min(0).nullable().optional(),
    satisfaction: z.number().int().min(1).max(5).nullable().optional(),
    /** on an incident or request: the problem record it is linked to (not the ticket's own id) */
    problem_id: z.string().min(1).max(64).nullable().optional().meta({ description: "on an incident or request: the id of the problem record it is linked to" }),
    /** on a problem: the root cause found */
    root_cause: nullableText.meta({ description: "on a problem: the root cause found" }),
    /** an incident declared major; default false */
    major_incident: z.boolean().nullable().optional().meta({ description: "an incident declared major (default false)" }),
  })
  .strict();
export type TicketInput = z.infer<typeof ticketSchema>;
export const ticketFields = Object.keys(ticketSchema.shape) as (keyof TicketInput)[];

export const ticketBatchSchema = z.object({ tickets: z.array(ticketSchema).max(maxBatchItems, `at most ${maxBatchItems} tickets per batch`) }).strict();

export const deleteTicketSchema = z.object({ reason: z.string().trim().min(1).max(1000) }).strict();

/** Largest page of GET /tickets (`limit`). */
export const ticketPageMax = 500;

/** GET /tickets: tickets by id, paged with `after` (the last id seen). */
export const ticketListQuery = z.object({
  service: z.string().max(64).optional().meta({ description: "a service key" }),
  since: queryInstant.optional().meta({ description: "only tickets changed at or after this instant (ISO 8601 with an offset)" }),
  after: z.string().max(64).optional().meta({ description: "the last ticket id of the previous page (`next_after`)" }),
  limit: queryInteger(1, ticketPageMax, "out of range").optional().meta({ description: `page size, 1 to ${ticketPageMax}` }),
});

/** DELETE /tickets/:id: the reason may come as `?reason=` instead of a JSON body. */
/** POST /tickets with a CSV body: how its bytes are text. */
export const ticketUploadQuery = z.object({
  format: z
    .string()
    .optional()
    .meta({ description: "a preset for another system's CSV export: servicenow, servicenow-history, jsm, zammad, glpi, rt or assay (README: Importing from your ticketing system)" }),
  dry_run: z
    .enum(["1", "true", "0", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true")
    .meta({ description: "1: write nothing; answer what the import would do (rows, inserts, updates, unmapped columns and values, refused rows)" }),
  map: z.array(z.string()).optional().meta({ description: "FIELD=COLUMN, repeatable: take a contract field from another column of the export" }),
  timezone: z.string().optional().meta({ description: "the export's time zone for dates without an offset (default: the preset's, else UTC)" }),
  service: z.string().optional().meta({ description: "the service of every imported ticket, when the export has no service column" }),
  encoding: z
    .string()
    .optional()
    .meta({ description: "the CSV file's encoding: utf-8 (default; a BOM is allowed) or gb18030 (also reads GBK and GB2312); the charset of the Content-Type (text/csv; charset=gbk) says the same" }),
});

export const deleteTicketQuery = z.object({ reason: z.string().optional().meta({ description: "why the ticket is deleted (or JSON {reason})" }) });

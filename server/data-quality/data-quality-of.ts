// dataQualityOf({ ctx, input }): what in a scope of stored tickets would fail REC-COMPLETE and REC-CONSISTENT,
// for the Data page, GET /api/v1/data-quality, imports and connector syncs (scope: a data change, a batch, or a
// service and a first day).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { startOfLocalDate } from "../../audits/period.js";
import type { Ctx, Verb } from "../context.js";
import { calendarDay, dataQualityPageDefault, dataQualityPageMax, type DataQuality } from "../contract/index.js";
import { services } from "../db/schema.js";
import { AppError, toIssues } from "../errors.js";
import { qualityReport, type QualityScope } from "./offending-records.js";

export const dataQualityInput = z
  .object({
    dataChangeId: z.number().int().positive().optional(),
    batchId: z.number().int().positive().optional(),
    service: z.string().min(1).max(64).optional(),
    since: calendarDay.optional(),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(dataQualityPageMax).default(dataQualityPageDefault),
  })
  .strict();

export type DataQualityInput = z.input<typeof dataQualityInput>;

/** The validated input as the SQL's scope, and the scope as the answer names it. */
export async function qualityScopeOf({ ctx, input }: { ctx: Ctx; input: DataQualityInput }) {
  const parsed = dataQualityInput.safeParse(input);
  if (!parsed.success) throw AppError.invalid("invalid data-quality scope", toIssues(parsed.error.issues));
  const q = parsed.data;
  let serviceId: number | null = null;
  if (q.service !== undefined) {
    const [row] = await ctx.db.select({ id: services.id }).from(services).where(eq(services.key, q.service));
    if (!row) throw AppError.invalid(`no service "${q.service}"`, [{ path: "service", message: "no such service" }]);
    serviceId = row.id;
  }
  const scope: QualityScope = { serviceId, openedFrom: q.since ? startOfLocalDate(q.since, ctx.timezone) : null, dataChangeId: q.dataChangeId ?? null, batchId: q.batchId ?? null };
  const named: DataQuality["scope"] = { service: q.service ?? null, since: q.since ?? null, data_change: q.dataChangeId ?? null, batch: q.batchId ?? null };
  return { scope, named, paging: { page: q.page, pageSize: q.pageSize } };
}

/**
 * What in a scope of stored tickets would fail REC-COMPLETE and REC-CONSISTENT: counts and a page of the
 * offending rows. A connector sync calls it with `{ dataChangeId }` of its data change.
 */
export const dataQualityOf: Verb<DataQualityInput, DataQuality> = async ({ ctx, input }) => {
  const { scope, named, paging } = await qualityScopeOf({ ctx, input });
  return { scope: named, ...(await qualityReport(ctx.db, scope, paging)) };
};

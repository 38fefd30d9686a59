// GET /data/quality (the page, or its report as an htmx partial), /data/quality.csv (the offending records) and
// /data/quality/last (the Data page's card of the last import).
import type { Context } from "hono";
import { Hono } from "hono";
import { stream } from "hono/streaming";
import { and, desc, eq, isNull, or } from "drizzle-orm";
import { dataQualityQuery } from "../../../contract/index.js";
import { contextOf } from "../../../context.js";
import { dataQualityOf, qualityScopeOf, type DataQualityInput } from "../../../data-quality/data-quality-of.js";
import { offendingCsv } from "../../../data-quality/offending-csv.js";
import type { DbOrTx } from "../../../db/client.js";
import { dataChanges, ingestBatches } from "../../../db/schema.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import type { AppEnv } from "../../../deps.js";
import { AppError, toIssues } from "../../../errors.js";
import { translator } from "../../../i18n/index.js";
import { listServices } from "../../../ingest/services.js";
import { DataQualityPage, LastImportQuality, QualityReport } from "../../../../views/data-quality.js";
import { varyOnHtmx, wantsPartial } from "../htmx.js";
import { html } from "../render.js";

/** The page's query as the verb's input; an empty field of the filter form means "any". */
function scopeInput(c: Context<AppEnv>): DataQualityInput {
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
  const parsed = dataQualityQuery.strict().safeParse(given);
  if (!parsed.success) throw AppError.invalid("invalid data-quality query", toIssues(parsed.error.issues));
  const q = parsed.data;
  return { service: q.service, since: q.since, batchId: q.batch, dataChangeId: q.data_change, page: q.page, pageSize: q.page_size };
}

/**
 * The last data change that wrote tickets by ingest (an import, a sync), or null before the first. Metric and
 * activity batches open ingest data changes too: a change linked to a batch counts only when the batch is of tickets.
 */
export async function lastIngestChange(db: DbOrTx): Promise<number | null> {
  const [row] = await db
    .select({ id: dataChanges.id })
    .from(dataChanges)
    .leftJoin(ingestBatches, eq(ingestBatches.id, dataChanges.batchId))
    .where(and(eq(dataChanges.kind, "ingest"), or(isNull(dataChanges.batchId), eq(ingestBatches.entity, "tickets"))))
    .orderBy(desc(dataChanges.id))
    .limit(1);
  return row?.id ?? null;
}

export function qualityPages() {
  const app = new Hono<AppEnv>();
  app.get("/data/quality", requires("data.quality"), async (c) => {
    const ctx = contextOf(c);
    const report = await dataQualityOf({ ctx, input: scopeInput(c) });
    varyOnHtmx(c);
    if (wantsPartial(c)) return html(c, () => <QualityReport report={report} />);
    const services = await listServices(ctx.db);
    return html(c, () => <DataQualityPage principal={currentPrincipal(c)} report={report} services={services} />);
  });
  app.get("/data/quality.csv", requires("data.quality"), async (c) => {
    const ctx = contextOf(c);
    // the scope is checked first: an unknown service is a 400, not a download that breaks off
    const { scope } = await qualityScopeOf({ ctx, input: scopeInput(c) });
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="data-quality.csv"`);
    const lines = offendingCsv(ctx.db, scope, translator(ctx.locale));
    return stream(c, async (s) => {
      for await (const chunk of lines) await s.write(chunk);
    });
  });
  app.get("/data/quality/last", requires("data.quality"), async (c) => {
    const ctx = contextOf(c);
    const id = await lastIngestChange(ctx.db);
    const report = id === null ? null : await dataQualityOf({ ctx, input: { dataChangeId: id, pageSize: 1 } });
    return html(c, () => <LastImportQuality report={report} />);
  });
  return app;
}

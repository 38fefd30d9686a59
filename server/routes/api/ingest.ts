// POST /api/v1/tickets (JSON or CSV), /metrics, /activities and DELETE /tickets/:id: the ingest role's endpoints.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { activityBatchSchema, deleteTicketSchema, metricBatchSchema, ticketBatchSchema } from "../../contract.js";
import { AppError } from "../../errors.js";
import type { AppEnv } from "../../env.js";
import { importTicketsCsv } from "../../ingest/csv-import.js";
import { ingestActivityBatch, ingestMetricBatch } from "../../ingest/metrics-activities.js";
import { ingestTicketBatch, softDeleteTicket } from "../../ingest/tickets.js";
import { importMappedTickets } from "../../ingest/presets/import.js";
import { presetMapping } from "../../ingest/presets/index.js";
import { withOverrides } from "../../ingest/presets/mapping.js";
import { withSpooledUpload } from "../../ingest/upload-spool.js";
import { parseBatch } from "../../ingest/validate.js";

function limit(maxSize = defaultMax, hint = "split the batch") {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError("too_large", 413, `request body too large (at most ${maxSize >= 1024 * 1024 ? `${maxSize / 1024 / 1024} MB` : `${maxSize / 1024} KB`}; ${hint})`);
    },
  });
}
const defaultMax = 40 * 1024 * 1024;
/** a delete carries at most a reason */
const deleteMax = 16 * 1024;

async function readJson(c: Context<AppEnv>, accepted = "application/json"): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/json")) throw new AppError("unsupported_media_type", 415, `send Content-Type: ${accepted}`);
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 would otherwise be stored as U+FFFD
    text = new TextDecoder("utf-8", { fatal: true }).decode(await c.req.arrayBuffer());
  } catch {
    throw AppError.invalid("the body is not UTF-8 text; nothing was written", [{ path: "", message: "not UTF-8" }]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw AppError.invalid(`malformed JSON: ${(e as Error).message}`, [{ path: "", message: "body is not valid JSON" }]);
  }
}

export function ingestRoutes() {
  const app = new Hono<AppEnv>();
  app.post("/tickets", requires("ingest"), limit(), async (c) => {
    const { database, clock } = c.get("deps");
    const actor = currentPrincipal(c).actor;
    const type = c.req.header("content-type") ?? "";
    if (type.startsWith("text/csv")) {
      const body = c.req.raw.body;
      if (!body) throw AppError.invalid("empty CSV body", [{ path: "", message: "no body" }]);
      const format = c.req.query("format");
      const dryRun = ["1", "true"].includes(c.req.query("dry_run") ?? "");
      if (format || dryRun) {
        // another system's export through a preset (?format=servicenow …), or a dry run of any CSV
        const mapping = withOverrides(presetMapping(format ?? "assay"), { map: c.req.queries("map"), timezone: c.req.query("timezone"), service: c.req.query("service") });
        return c.json(await withSpooledUpload(body, (file) => importMappedTickets(database.db, clock.now(), actor, file, { mapping, dryRun, sourceName: `api:${format ?? "assay"}` })));
      }
      const result = await withSpooledUpload(body, (file) => importTicketsCsv(database.db, clock.now(), actor, file, { sourceName: "api:csv" }));
      return c.json(result);
    }
    const { tickets } = parseBatch(ticketBatchSchema, await readJson(c, "application/json or text/csv"), "batch");
    return c.json(await ingestTicketBatch(database.db, clock.now(), actor, tickets));
  });
  app.post("/metrics", requires("ingest"), limit(), async (c) => {
    const { database, clock } = c.get("deps");
    const { samples } = parseBatch(metricBatchSchema, await readJson(c), "batch");
    return c.json(await ingestMetricBatch(database.db, clock.now(), currentPrincipal(c).actor, samples));
  });
  app.post("/activities", requires("ingest"), limit(), async (c) => {
    const { database, clock } = c.get("deps");
    const { activities } = parseBatch(activityBatchSchema, await readJson(c), "batch");
    return c.json(await ingestActivityBatch(database.db, clock.now(), currentPrincipal(c).actor, activities));
  });
  app.delete("/tickets/:id", requires("ingest"), limit(deleteMax, "a delete carries only a reason"), async (c) => {
    const { database, clock } = c.get("deps");
    let reason = c.req.query("reason");
    if (!reason && (c.req.header("content-type") ?? "").startsWith("application/json")) {
      reason = parseBatch(deleteTicketSchema, await readJson(c), "delete").reason;
    }
    if (!reason?.trim()) throw AppError.invalid("a reason is required to delete a ticket", [{ path: "reason", message: "required" }]);
    parseBatch(deleteTicketSchema, { reason }, "delete"); // a reason from the query string gets the body's checks
    return c.json(await softDeleteTicket(database.db, clock.now(), currentPrincipal(c).actor, c.req.param("id"), reason.trim()));
  });
  return app;
}

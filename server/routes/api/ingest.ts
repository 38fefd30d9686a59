// POST /api/v1/tickets (JSON or CSV), /metrics, /activities and DELETE /tickets/:id: the ingest role's endpoints.
import { currentPrincipal } from "../../auth/sessions.js";
import { activityBatchSchema, activityFields, activityUploadQuery, batchResultSchema, type BatchResult, deleteTicketQuery, deleteTicketSchema, metricBatchSchema, ticketBatchSchema, ticketFields, ticketSchema, ticketUploadQuery, maxBatchItems } from "../../contract/index.js";
import { AppError } from "../../errors.js";
import { parseCsvEncoding } from "../../ingest/csv-encoding.js";
import { importTicketsCsv } from "../../ingest/csv-import.js";
import { workerReadBytes } from "../../ingest/csv-reader.js";
import { parseActivitiesCsv } from "../../ingest/activities-csv.js";
import { ingestActivityBatch, ingestMetricBatch } from "../../ingest/metrics-activities.js";
import { ingestTicketBatch, softDeleteTicket } from "../../ingest/tickets.js";
import { importMappedTickets } from "../../ingest/presets/import.js";
import { presetMapping } from "../../ingest/presets/index.js";
import { withOverrides } from "../../ingest/presets/mapping.js";
import { withSpooledUpload } from "../../ingest/upload-spool.js";
import { parseBatch, parseBatchInSlices } from "../../ingest/validate.js";
import { endpoint } from "./endpoint.js";
import { jsonInput } from "../request-body.js";

/** a batch route's cap, as its declaration states it */
const batchLimit = { bytes: 40 * 1024 * 1024, hint: "split the batch" };
/** a delete carries at most a reason */
const deleteLimit = { bytes: 16 * 1024, hint: "a delete carries only a reason" };

const applied = { description: "applied", json: batchResultSchema };

/**
 * JSON ticket batches of this process, one at a time. A batch is written under the write lock anyway, one after
 * another; reading, parsing and validating the next one meanwhile only kept two batches' objects in memory at once
 * (a 10,000-ticket batch: its 4.7 MB of text, the parsed and validated tickets, their rows), on the same thread.
 * The next batch's body now stays in its connection until its turn.
 */
let batchesTail: Promise<unknown> = Promise.resolve();
let batchesHeld = 0;
let mostBatchesHeld = 0;

function oneBatchAtATime<T>(work: () => Promise<T>): Promise<T> {
  const turn = async () => {
    batchesHeld++;
    mostBatchesHeld = Math.max(mostBatchesHeld, batchesHeld);
    try {
      return await work();
    } finally {
      batchesHeld--;
    }
  };
  const mine = batchesTail.then(turn, turn);
  batchesTail = mine.catch(() => {});
  return mine;
}

/** The most JSON ticket batches this process has held at once since the last call (for tests). */
export function takeMostBatchesHeld(): number {
  const most = mostBatchesHeld;
  mostBatchesHeld = batchesHeld;
  return most;
}
const batchRefusals = { 413: { description: "body too large" }, 415: { description: "wrong content type" } };

export const ingestEndpoints = [
  endpoint(
    {
      method: "post",
      path: "/tickets",
      summary: "Upsert tickets (JSON batch of at most 10,000, or text/csv with a header row)",
      permission: "ingest",
      query: ticketUploadQuery,
      body: {
        limit: batchLimit,
        content: {
          "application/json": ticketBatchSchema,
          "text/csv": { description: `header row of ${ticketFields.join(", ")} (one line of at most 64 KiB, at most 100 columns), then at least one ticket; empty cell = null` },
        },
      },
      responses: { 200: applied, ...batchRefusals },
    },
    async (c, { query }) => {
      const { database, clock } = c.get("deps");
      const actor = currentPrincipal(c).actor;
      const type = c.req.header("content-type") ?? "";
      if (type.startsWith("text/csv")) {
        const body = c.req.raw.body;
        if (!body) throw AppError.invalid("empty CSV body", [{ path: "", message: "no body" }]);
        // the encoding: ?encoding=gb18030, else the charset of the Content-Type (text/csv; charset=gbk), else UTF-8
        const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
        const encoding = parseCsvEncoding(query.encoding || charset);
        if (query.format || query.dry_run) {
          // another system's export through a preset (?format=servicenow …), or a dry run of any CSV
          const format = query.format ?? "assay";
          const mapping = withOverrides(presetMapping(format), { map: query.map, timezone: query.timezone, service: query.service });
          return c.json(await withSpooledUpload(body, (file, bytes) =>
              importMappedTickets(database.db, clock.now(), actor, file, { mapping, dryRun: query.dry_run, sourceName: `api:${format}`, encoding, readInWorker: bytes >= workerReadBytes }),
            ));
        }
        const result = await withSpooledUpload(body, (file, bytes) =>
          importTicketsCsv(database.db, clock.now(), actor, file, { sourceName: "api:csv", encoding, readInWorker: bytes >= workerReadBytes }),
        );
        return c.json(result);
      }
      // one JSON batch read, validated and written at a time: the next one's body waits in its connection
      const result = await oneBatchAtATime(async () => {
        const body = await jsonInput(c, { accepted: "application/json or text/csv", itemsCheckedByRoute: true });
        const { tickets } = await parseBatchInSlices(ticketBatchSchema, "tickets", ticketSchema, maxBatchItems, body, "batch");
        return ingestTicketBatch(database.db, clock.now(), actor, tickets);
      });
      return c.json(result satisfies BatchResult);
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/metrics",
      summary: "Upsert metric samples by (metric, service, at)",
      permission: "ingest",
      body: { limit: batchLimit, content: { "application/json": metricBatchSchema } },
      responses: { 200: applied, ...batchRefusals },
    },
    async (c) => {
      const { database, clock } = c.get("deps");
      const { samples } = parseBatch(metricBatchSchema, await jsonInput(c, { itemsCheckedByRoute: true }), "batch");
      return c.json((await ingestMetricBatch(database.db, clock.now(), currentPrincipal(c).actor, samples)) satisfies BatchResult);
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/activities",
      summary: "Upsert activities by id (JSON batch of at most 10,000, or text/csv with a header row)",
      permission: "ingest",
      query: activityUploadQuery,
      body: {
        limit: batchLimit,
        content: {
          "application/json": activityBatchSchema,
          "text/csv": { description: `header row of ${activityFields.join(", ")} (type and date required), then at most 10,000 activities; empty cell = null; participants and inputs separated by ;` },
        },
      },
      responses: { 200: applied, ...batchRefusals },
    },
    async (c, { query }) => {
      const { database, clock } = c.get("deps");
      const type = c.req.header("content-type") ?? "";
      const csv = type.startsWith("text/csv");
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(type)?.[1];
      const { activities } = csv
        ? { activities: parseActivitiesCsv(await c.req.arrayBuffer(), parseCsvEncoding(query.encoding || charset)) }
        : parseBatch(activityBatchSchema, await jsonInput(c, { accepted: "application/json or text/csv", itemsCheckedByRoute: true }), "batch");
      return c.json((await ingestActivityBatch(database.db, clock.now(), currentPrincipal(c).actor, activities)) satisfies BatchResult);
    },
  ),
  endpoint(
    {
      method: "delete",
      path: "/tickets/:id",
      summary: "Soft-delete a ticket with a reason (?reason=… or JSON {reason})",
      permission: "ingest",
      params: { id: "the ticket id" },
      query: deleteTicketQuery,
      body: { required: false, limit: deleteLimit, content: { "application/json": deleteTicketSchema } },
      responses: { 200: { description: "deleted" }, 404: { description: "no such ticket" }, 413: { description: "body too large" } },
    },
    async (c, { query }) => {
      const { database, clock } = c.get("deps");
      let reason = query.reason;
      if (!reason && (c.req.header("content-type") ?? "").startsWith("application/json")) {
        reason = parseBatch(deleteTicketSchema, await jsonInput(c), "delete").reason;
      }
      if (!reason?.trim()) throw AppError.invalid("a reason is required to delete a ticket", [{ path: "reason", message: "required" }]);
      parseBatch(deleteTicketSchema, { reason }, "delete"); // a reason from the query string gets the body's checks
      return c.json(await softDeleteTicket(database.db, clock.now(), currentPrincipal(c).actor, c.req.param("id"), reason.trim()));
    },
  ),
];

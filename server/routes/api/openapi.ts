// GET /api/v1/openapi.json: the OpenAPI 3.1 document, generated from the zod schemas of server/contract.ts.
import { Hono } from "hono";
import { z } from "zod";
import * as contract from "../../contract.js";
import { requires } from "../../auth/sessions.js";
import { presetNames } from "../../ingest/presets/index.js";
import { importMappingJsonSchema } from "../../ingest/presets/mapping.js";
import type { AppEnv } from "../../env.js";

const json = (schema: z.ZodType) => ({ "application/json": { schema: z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) } });
const errors = {
  "400": { description: "malformed input; `issues` names every bad field", content: json(contract.errorSchema) },
  "401": { description: "no credentials", content: json(contract.errorSchema) },
  "403": { description: "role not allowed, or missing CSRF token on a session", content: json(contract.errorSchema) },
};

export function buildOpenApi() {
  const batch = (schema: z.ZodType, summary: string) => ({
    post: {
      summary,
      security: [{ bearer: [] }],
      requestBody: { required: true, content: json(schema) },
      responses: { "200": { description: "applied", content: json(contract.batchResultSchema) }, ...errors, "413": { description: "body too large" }, "415": { description: "wrong content type" } },
    },
  });
  return {
    openapi: "3.1.0",
    info: { title: "Assay API", version: "1", description: "Compliance auditing for IT support: ingest service data, run ISO 20000-style audits, read findings and reports." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths: {
      "/healthz": { get: { summary: "health", responses: { "200": { description: "ok" } } } },
      "/api/v1/tickets": {
        post: {
          ...batch(contract.ticketBatchSchema, "Upsert tickets (JSON batch of at most 10,000, or text/csv with a header row)").post,
          requestBody: {
            required: true,
            content: { ...json(contract.ticketBatchSchema), "text/csv": { schema: { type: "string", description: `header row of ${contract.ticketFields.join(", ")} (one line of at most 64 KiB, at most 100 columns), then at least one ticket; empty cell = null; with ?format= another system's export` } } },
          },
          parameters: [
            { name: "format", in: "query", schema: { type: "string", enum: presetNames }, description: "text/csv: the export of another ticketing system through a preset (README: Importing from your ticketing system)" },
            { name: "dry_run", in: "query", schema: { type: "string", enum: ["1", "true"] }, description: "text/csv: write nothing; answer rows read, tickets that would be inserted or updated, unmapped columns and values, refused rows with line and field" },
            { name: "timezone", in: "query", schema: { type: "string" }, description: "with format: the zone of dates without an offset" },
            { name: "service", in: "query", schema: { type: "string" }, description: "with format: the service of every ticket" },
            { name: "map", in: "query", schema: { type: "array", items: { type: "string" } }, description: "with format: FIELD=COLUMN, repeatable" },
          ],
        },
        get: {
          summary: "Tickets by id, paged (?service=&since=&after=&limit=)",
          parameters: ["service", "since", "after", "limit"].map((name) => ({ name, in: "query", schema: { type: "string" } })),
          responses: { "200": { description: "{tickets, next_after}" }, ...errors },
        },
      },
      "/api/v1/import-mapping.schema.json": { get: { summary: "The JSON Schema of an import mapping file (assay import tickets --mapping)", responses: { "200": { description: "JSON Schema" }, ...errors } } },
      "/api/v1/tickets/{id}": {
        get: { summary: "A ticket with its derived values, its standing on every SLA rule now, and every version it had", responses: { "200": { description: "ticket" }, ...errors } },
        delete: {
          summary: "Soft-delete a ticket with a reason (?reason=… or JSON {reason})",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }, { name: "reason", in: "query", schema: { type: "string" } }],
          responses: { "200": { description: "deleted" }, "404": { description: "no such ticket" }, ...errors },
        },
      },
      "/api/v1/metrics": batch(contract.metricBatchSchema, "Upsert metric samples by (metric, service, at)"),
      "/api/v1/activities": batch(contract.activityBatchSchema, "Upsert activities by id"),
      "/api/v1/rulebooks": { get: { summary: "The rulebooks with their rules", responses: { "200": { description: "rulebooks" }, ...errors } } },
      "/api/v1/plans": {
        get: { summary: "Audit plans", responses: { "200": { description: "plans" }, ...errors } },
        post: { summary: "Create an audit plan", requestBody: { required: true, content: json(contract.planSchema) }, responses: { "201": { description: "the plan" }, ...errors } },
      },
      "/api/v1/plans/{id}": {
        get: { summary: "One plan", responses: { "200": { description: "the plan" }, ...errors } },
        patch: { summary: "Edit a plan", requestBody: { required: true, content: json(contract.planPatchSchema) }, responses: { "200": { description: "the plan" }, ...errors } },
        delete: { summary: "Delete a plan (kept for history)", responses: { "200": { description: "deleted" }, ...errors } },
      },
      "/api/v1/plans/{id}/runs": { post: { summary: "Start a run", responses: { "202": { description: "queued or running" }, "409": { description: "the plan is already running" }, ...errors } } },
      "/api/v1/runs/{id}": { get: { summary: "A run with its results", responses: { "200": { description: "the run", content: json(contract.runSchema) }, ...errors } } },
      "/api/v1/runs/{id}/report.pdf": { get: { summary: "The PDF report (compliance officers)", responses: { "200": { description: "application/pdf" }, ...errors } } },
      "/api/v1/runs": { get: { summary: "Runs, newest first (?plan_id=)", responses: { "200": { description: "runs" }, ...errors } } },
      "/api/v1/runs/{id}/results/{ruleId}/evidence": {
        get: { summary: "Every offending record of a result, paged (?page=, ?per_page=)", responses: { "200": { description: "evidence page" }, ...errors } },
      },
      "/api/v1/runs/{id}/answers/{ruleId}": {
        put: {
          summary: "Answer a manual question: {answer: conformant|nonconformant|not_applicable, note} (auditors)",
          responses: { "200": { description: "the updated result" }, "409": { description: "the run is not completed" }, ...errors },
        },
      },
      "/api/v1/runs/{id}/answers/{ruleId}/attachments": {
        post: { summary: "Attach an evidence file (multipart field `file`) to a manual answer", responses: { "201": { description: "stored" }, "413": { description: "file too large" }, ...errors } },
      },
      "/api/v1/runs/{id}/attachments": { get: { summary: "The run's evidence attachments", responses: { "200": { description: "attachments" }, ...errors } } },
      "/api/v1/runs/{id}/attachments/{attachmentId}": { get: { summary: "Download one attachment", responses: { "200": { description: "the file" }, ...errors } } },
      "/api/v1/runs/{id}/reports": { get: { summary: "The stored versions of the run's report with their SHA-256", responses: { "200": { description: "versions" }, ...errors } } },
      "/api/v1/runs/{id}/signoff": {
        post: {
          summary: "Sign off a completed run as the signed-in account: {comment} (compliance officers); locks the run and stores a new report version",
          responses: { "201": { description: "signed" }, "409": { description: "conflict (not completed, already signed), unanswered (with `rules`) or provisional" }, ...errors },
        },
      },
      "/api/v1/runs/{id}/reopen": {
        post: { summary: "Reopen a signed-off run: {reason} (compliance officers); voids the sign-off (kept) and stores a new report version", responses: { "200": { description: "reopened" }, "409": { description: "not signed off" }, ...errors } },
      },
      "/api/v1/rulebooks/{id}": { get: { summary: "One rulebook with its rules", responses: { "200": { description: "rulebook" }, ...errors } } },
      "/api/v1/waivers": { get: { summary: "Waivers (?status=)", responses: { "200": { description: "waivers" }, ...errors } } },
      "/api/v1/plans/{id}/waivers": {
        get: { summary: "The plan's waivers", responses: { "200": { description: "waivers" }, ...errors } },
        post: { summary: "Request a waiver: {rule_id, reason, valid_from (default: today), expires_on} (auditors); it covers runs whose period ends inside its validity", responses: { "201": { description: "requested" }, ...errors } },
      },
      "/api/v1/waivers/{id}/approve": { post: { summary: "Approve a waiver (compliance officers)", responses: { "200": { description: "approved" }, ...errors } } },
      "/api/v1/waivers/{id}/reject": { post: { summary: "Reject a waiver (compliance officers)", responses: { "200": { description: "rejected" }, ...errors } } },
      "/api/v1/services": { get: { summary: "Services", responses: { "200": { description: "services" }, ...errors } } },
      "/api/v1/sla-policies": {
        get: { summary: "SLA policies and their versions", responses: { "200": { description: "policies" }, ...errors } },
        post: { summary: "A new version of a service's SLA policy (admins); recomputes the tickets it governs", requestBody: { required: true, content: json(contract.slaPolicySchema) }, responses: { "201": { description: "the version" }, "409": { description: "a newer version exists" }, ...errors } },
      },
      "/api/v1/findings": { get: { summary: "Findings (?status=, ?severity=, ?plan_id=, ?owner=)", responses: { "200": { description: "findings" }, ...errors } } },
      "/api/v1/actions/{id}": {
        get: { summary: "An improvement action", responses: { "200": { description: "the action" }, ...errors } },
        patch: { summary: "Update an improvement action", requestBody: { required: true, content: json(contract.actionPatchSchema) }, responses: { "200": { description: "the action" }, ...errors } },
      },
    },
  };
}

export function openApiRoutes() {
  const app = new Hono<AppEnv>();
  const doc = buildOpenApi();
  app.get("/openapi.json", requires("api.docs"), (c) => c.json(doc));
  app.get("/import-mapping.schema.json", requires("api.docs"), (c) => c.json(importMappingJsonSchema()));
  return app;
}

// /api/v1/runs: run results in the contract's shape, evidence drill-down, manual answers and their attachments.
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";
import { addAttachment, answerManualQuestion, getAttachment, listAttachments } from "../../../audits/manual-answers.js";
import { getRunDetail, listEvidence, listRuns } from "../../../audits/runs.js";
import { contextOf } from "../../context.js";
import { attachmentListQuery, evidenceQuery, manualAnswerSchema, runListQuery, runSchema } from "../../contract/index.js";
import type { AppEnv } from "../../deps.js";
import type { AppConfig } from "../../config.js";
import { AppError } from "../../errors.js";
import { readForm } from "../request-body.js";
import { endpoint } from "./endpoint.js";
import { idParam } from "../route-params.js";
import { jsonInput } from "../request-body.js";

/** An upload larger than the configured attachment size (plus room for the multipart envelope) is refused. */
export const attachmentLimit = {
  bytes: (config: AppConfig) => config.maxAttachmentBytes + 64 * 1024,
  refusal: (config: AppConfig) => `attachments are limited to ${config.maxAttachmentBytes} bytes`,
};

/** The same limit for a page route (pages are not endpoints: no declared body). */
export const attachmentBodyLimit: MiddlewareHandler<AppEnv> = (c, next) => {
  const config = c.get("deps").config;
  return bodyLimit({
    maxSize: attachmentLimit.bytes(config),
    onError: () => {
      throw new AppError("too_large", 413, attachmentLimit.refusal(config));
    },
  })(c, next);
};

const runParams = { id: "the run id" };
const answerParams = { id: "the run id", ruleId: "a manual rule of the run's plan, e.g. MAN-ROLES" };
const noRun = { 404: { description: "no such run" } };

export const runEndpoints = [
  endpoint(
    { method: "get", path: "/runs", summary: "Runs, newest first", permission: "read", query: runListQuery, responses: { 200: { description: "{runs}" } } },
    async (c, { query }) => c.json({ runs: await listRuns(c.get("deps").database.db, { planId: query.plan_id }) }),
  ),
  endpoint(
    { method: "get", path: "/runs/:id", summary: "A run with its results", permission: "read", params: runParams, responses: { 200: { description: "the run", json: runSchema }, ...noRun } },
    async (c) => {
      const run = await getRunDetail(c.get("deps").database.db, idParam(c, "id", "run"));
      return c.json({ ...run, results: run.results ?? [] } satisfies z.input<typeof runSchema>);
    },
  ),
  endpoint(
    {
      method: "get",
      path: "/runs/:id/results/:ruleId/evidence",
      summary: "Every offending record of a result, in id order, paged with `after` (the last id seen)",
      permission: "read",
      params: { id: "the run id", ruleId: "a rule of the run, e.g. INC-RESP-URGENT" },
      query: evidenceQuery,
      responses: { 200: { description: "{run_id, rule_id, ids, next_after}: next_after is null on the last page" }, ...noRun },
    },
    async (c, { query }) => c.json(await listEvidence(c.get("deps").database.db, idParam(c, "id", "run"), c.req.param("ruleId"), query)),
  ),
  endpoint(
    {
      method: "put",
      path: "/runs/:id/answers/:ruleId",
      summary: "Answer a manual question (auditors)",
      permission: "manual.answer",
      params: answerParams,
      body: { content: { "application/json": manualAnswerSchema } },
      responses: { 200: { description: "the updated result" }, ...noRun, 409: { description: "the run is not completed" } },
    },
    async (c) => {
      const runId = idParam(c, "id", "run");
      return c.json(await answerManualQuestion({ ctx: contextOf(c), input: { runId, ruleId: c.req.param("ruleId"), data: await jsonInput(c) } }));
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/runs/:id/answers/:ruleId/attachments",
      summary: "Attach an evidence file to a manual answer",
      permission: "manual.answer",
      params: answerParams,
      body: {
        limit: attachmentLimit,
        content: {
          "multipart/form-data": {
            description: "the field `file`",
            schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" } } },
          },
        },
      },
      responses: { 201: { description: "stored" }, ...noRun, 413: { description: "file too large" }, 415: { description: "not multipart/form-data" } },
    },
    async (c) => {
      const { config } = c.get("deps");
      const runId = idParam(c, "id", "run");
      if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError("unsupported_media_type", 415, "send multipart/form-data with a `file` field");
      const file = (await readForm(c))["file"];
      const created = await addAttachment({ ctx: contextOf(c), input: { runId, ruleId: c.req.param("ruleId"), file, maxBytes: config.maxAttachmentBytes } });
      return c.json(created, 201);
    },
  ),
  endpoint(
    { method: "get", path: "/runs/:id/attachments", summary: "The run's evidence attachments", permission: "read", params: runParams, query: attachmentListQuery, responses: { 200: { description: "{attachments}" } } },
    async (c, { query }) => c.json({ attachments: await listAttachments(c.get("deps").database.db, idParam(c, "id", "run"), query.rule_id) }),
  ),
  endpoint(
    {
      method: "get",
      path: "/runs/:id/attachments/:attachmentId",
      summary: "Download one attachment",
      permission: "read",
      params: { id: "the run id", attachmentId: "the attachment id" },
      responses: { 200: { description: "the file", content: { "application/octet-stream": { description: "the bytes as uploaded" } } }, 404: { description: "no such attachment in this run" } },
    },
    async (c) => {
      const a = await getAttachment(c.get("deps").database.db, idParam(c, "id", "run"), idParam(c, "attachmentId", "attachment"));
      return c.body(new Uint8Array(a.content), 200, {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
        "x-content-type-options": "nosniff",
      });
    },
  ),
];

// /api/v1/runs: run results in the contract's shape, evidence drill-down, manual answers and their attachments.
import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { addAttachment, answerManualQuestion, getAttachment, listAttachments } from "../../../audits/manual-answers.js";
import { getRunDetail, listEvidence, listRuns } from "../../../audits/runs.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";
import { idParam, jsonInput } from "./request-input.js";
import { readForm } from "../../request-body.js";

/** Refuses an upload larger than the configured attachment size (plus room for the multipart envelope). */
const attachmentLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({
    maxSize: c.get("deps").config.maxAttachmentBytes + 64 * 1024,
    onError: () => {
      throw new AppError("too_large", 413, `attachments are limited to ${c.get("deps").config.maxAttachmentBytes} bytes`);
    },
  })(c, next);

export function runRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/runs", requires("read"), async (c) => {
    const plan = c.req.query("plan_id");
    const planId = plan === undefined ? undefined : Number(plan);
    if (planId !== undefined && !(Number.isInteger(planId) && planId > 0)) throw AppError.invalid("plan_id must be a positive integer", [{ path: "plan_id", message: "not an id" }]);
    return c.json({ runs: await listRuns(c.get("deps").database.db, { planId }) });
  });
  app.get("/runs/:id", requires("read"), async (c) => c.json(await getRunDetail(c.get("deps").database.db, idParam(c, "id", "run"))));
  app.get("/runs/:id/results/:ruleId/evidence", requires("read"), async (c) => {
    const limit = c.req.query("limit");
    return c.json(await listEvidence(c.get("deps").database.db, idParam(c, "id", "run"), c.req.param("ruleId"), { after: c.req.query("after"), limit: limit ? Number(limit) || 100 : undefined }));
  });
  app.put("/runs/:id/answers/:ruleId", requires("manual.answer"), async (c) => {
    const { database, clock } = c.get("deps");
    const runId = idParam(c, "id", "run");
    return c.json(await answerManualQuestion(database.db, clock.now(), currentPrincipal(c).actor, runId, c.req.param("ruleId"), await jsonInput(c)));
  });
  app.post("/runs/:id/answers/:ruleId/attachments", requires("manual.answer"), attachmentLimit, async (c) => {
    const { database, clock, config } = c.get("deps");
    const runId = idParam(c, "id", "run");
    if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError("unsupported_media_type", 415, "send multipart/form-data with a `file` field");
    const body = await readForm(c);
    const file = body["file"];
    if (!(file instanceof File)) throw AppError.invalid("no file", [{ path: "file", message: "required" }]);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const created = await addAttachment(database.db, clock.now(), currentPrincipal(c).actor, config.maxAttachmentBytes, runId, c.req.param("ruleId"), { filename: file.name, contentType: file.type, bytes });
    return c.json(created, 201);
  });
  app.get("/runs/:id/attachments", requires("read"), async (c) => c.json({ attachments: await listAttachments(c.get("deps").database.db, idParam(c, "id", "run"), c.req.query("rule_id")) }));
  app.get("/runs/:id/attachments/:attachmentId", requires("read"), async (c) => {
    const a = await getAttachment(c.get("deps").database.db, idParam(c, "id", "run"), idParam(c, "attachmentId", "attachment"));
    return c.body(new Uint8Array(a.content), 200, {
      "content-type": "application/octet-stream",
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
      "x-content-type-options": "nosniff",
    });
  });
  return app;
}

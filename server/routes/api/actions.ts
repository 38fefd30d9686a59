// /api/v1/actions/:id: improvement actions (managers update only the actions they own), their comments and evidence files.
import { actionActivity, attachToAction, commentOnAction, getAction, getActionAttachment, updateAction } from "../../../audits/actions.js";
import { contextOf } from "../../context.js";
import { actionCommentSchema, actionPatchSchema } from "../../contract/index.js";
import { AppError } from "../../errors.js";
import { readForm } from "../request-body.js";
import { endpoint } from "./endpoint.js";
import { idParam, today } from "../route-params.js";
import { jsonInput } from "../request-body.js";
import { attachmentLimit } from "./runs.js";

const params = { id: "the action id" };
const noAction = { 404: { description: "no such action" } };

export const actionEndpoints = [
  endpoint(
    { method: "get", path: "/actions/:id", summary: "An improvement action", permission: "read", params, responses: { 200: { description: "the action" }, ...noAction } },
    async (c) => c.json(await getAction(c.get("deps").database.db, idParam(c, "id", "action"), today(c))),
  ),
  endpoint(
    {
      method: "patch",
      path: "/actions/:id",
      summary: "Update an improvement action (managers: status of the actions they own; auditors also owner and due_date, each change its own audit-trail entry)",
      permission: "actions.update_own",
      params,
      body: { content: { "application/json": actionPatchSchema } },
      responses: { 200: { description: "the action" }, ...noAction },
    },
    async (c) => c.json(await updateAction({ ctx: contextOf(c), input: { id: idParam(c, "id", "action"), data: await jsonInput(c) } })),
  ),
  endpoint(
    {
      method: "get",
      path: "/actions/:id/activity",
      summary: "The action's comments and evidence files, oldest first",
      permission: "read",
      params,
      responses: { 200: { description: "{comments, attachments}" }, ...noAction },
    },
    async (c) => {
      const id = idParam(c, "id", "action");
      const db = c.get("deps").database.db;
      await getAction(db, id, today(c));
      return c.json(await actionActivity(db, [id]));
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/actions/:id/comments",
      summary: "Comment on an action (its owner, auditors)",
      permission: "actions.update_own",
      params,
      body: { content: { "application/json": actionCommentSchema } },
      responses: { 201: { description: "the comment" }, ...noAction },
    },
    async (c) => c.json(await commentOnAction({ ctx: contextOf(c), input: { id: idParam(c, "id", "action"), data: await jsonInput(c) } }), 201),
  ),
  endpoint(
    {
      method: "post",
      path: "/actions/:id/attachments",
      summary: "Attach an evidence file to an action (its owner, auditors); the size cap of run attachments, empty files refused",
      permission: "actions.update_own",
      params,
      body: {
        limit: attachmentLimit,
        content: {
          "multipart/form-data": {
            description: "the field `file`",
            schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" } } },
          },
        },
      },
      responses: { 201: { description: "stored" }, ...noAction, 413: { description: "file too large" }, 415: { description: "not multipart/form-data" } },
    },
    async (c) => {
      const id = idParam(c, "id", "action");
      if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError("unsupported_media_type", 415, "send multipart/form-data with a `file` field");
      const file = (await readForm(c))["file"];
      if (!(file instanceof File)) throw AppError.invalid("no file", [{ path: "file", message: "required" }]);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const maxBytes = c.get("deps").config.maxAttachmentBytes;
      return c.json(await attachToAction({ ctx: contextOf(c), input: { id, file: { filename: file.name, contentType: file.type, bytes }, maxBytes } }), 201);
    },
  ),
  endpoint(
    {
      method: "get",
      path: "/actions/:id/attachments/:attachmentId",
      summary: "Download one of the action's evidence files",
      permission: "read",
      params: { id: "the action id", attachmentId: "the attachment id" },
      responses: { 200: { description: "the file", content: { "application/octet-stream": { description: "the bytes as uploaded" } } }, 404: { description: "no such attachment of this action" } },
    },
    async (c) => {
      const a = await getActionAttachment(c.get("deps").database.db, idParam(c, "id", "action"), idParam(c, "attachmentId", "attachment"));
      return c.body(new Uint8Array(a.content), 200, {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
        "x-content-type-options": "nosniff",
      });
    },
  ),
];

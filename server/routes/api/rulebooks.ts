// GET /api/v1/rulebooks: the rulebooks with their rules and versions; one rulebook (at a version), the differences
// between two versions; POST /api/v1/rulebooks: an admin imports a version of an organisation's rulebook.
import { z } from "zod";
import { diffRulebooks } from "../../../audits/rulebooks/diff.js";
import { findRulebookAt, importRulebook, listRulebooks, resolveRulebook } from "../../../audits/rulebooks/store.js";
import { contextOf } from "../../context.js";
import { AppError } from "../../errors.js";
import { jsonInput } from "../request-body.js";
import { endpoint } from "./endpoint.js";

const importSchema = z.object({ source: z.string().min(1).meta({ description: "the rulebook file's text, YAML or JSON (GET /schemas/rulebook.schema.json)" }) }).strict();

export const rulebookEndpoints = [
  endpoint(
    { method: "get", path: "/rulebooks", summary: "The rulebooks with their rules (latest version) and their versions", permission: "read", responses: { 200: { description: "{rulebooks}" } } },
    async (c) => {
      const db = c.get("deps").database.db;
      const listing = await listRulebooks(db);
      const rulebooks = await Promise.all(listing.map(async (l) => ({ ...(await resolveRulebook(db, l.id, null)), built_in: l.built_in, latest: l.latest, versions: l.versions })));
      return c.json({ rulebooks });
    },
  ),
  endpoint(
    {
      method: "post",
      path: "/rulebooks",
      summary: "Import a version of an organisation's rulebook (201 imported or replaced, 200 identical content already imported)",
      description: "A version a run has judged with never changes: other content for it is refused with 409.",
      permission: "rulebooks.import",
      body: { required: true, content: { "application/json": importSchema } },
      responses: { 200: { description: "unchanged" }, 201: { description: "imported or replaced" }, 400: { description: "errors with their path in the file" }, 409: { description: "the version was used by a run" } },
    },
    async (c) => {
      const body = importSchema.safeParse(await jsonInput(c));
      if (!body.success) throw AppError.invalid("send {source: the rulebook file's text}", [{ path: "source", message: "required" }]);
      const outcome = await importRulebook({ ctx: contextOf(c), input: { source: body.data.source } });
      return c.json(outcome, outcome.status === "unchanged" ? 200 : 201);
    },
  ),
  endpoint(
    {
      method: "get",
      path: "/rulebooks/:id",
      summary: "One rulebook with its rules, at its latest version or ?version=",
      permission: "read",
      params: { id: "the rulebook id, e.g. iso20000-support" },
      query: z.object({ version: z.string().optional() }),
      responses: { 200: { description: "rulebook" }, 404: { description: "no such rulebook" } },
    },
    async (c, { query }) => {
      const book = await findRulebookAt(c.get("deps").database.db, c.req.param("id")!, query.version ?? null);
      return book ? c.json(book) : c.json({ error: "not_found", message: `rulebook ${c.req.param("id")}${query.version ? `@${query.version}` : ""} not found` }, 404);
    },
  ),
  endpoint(
    {
      method: "get",
      path: "/rulebooks/:id/diff",
      summary: "The differences between two versions of a rulebook: rules added, removed and changed field by field",
      permission: "read",
      params: { id: "the rulebook id" },
      query: z.object({ from: z.string(), to: z.string() }),
      responses: { 200: { description: "{from, to, added, removed, changed}" }, 404: { description: "no such version" } },
    },
    async (c, { query }) => {
      const db = c.get("deps").database.db;
      const id = c.req.param("id")!;
      return c.json(diffRulebooks(await resolveRulebook(db, id, query.from), await resolveRulebook(db, id, query.to)));
    },
  ),
];

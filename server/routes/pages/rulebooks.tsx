// /rulebooks: the rulebooks and their versions, a version's rules (/rulebooks/:id?version=), the differences between
// two versions (/rulebooks/:id/diff?from=&to=); admins import a version with the upload form (POST /rulebooks).
import { Hono, type Context } from "hono";
import { diffRulebooks } from "../../../audits/rulebooks/diff.js";
import { importRulebook, listRulebooks, resolveRulebook } from "../../../audits/rulebooks/store.js";
import { RulebooksPage, type RulebooksPageProps } from "../../../views/rulebooks.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { contextOf } from "../../context.js";
import type { AppEnv } from "../../deps.js";
import { AppError } from "../../errors.js";
import { readForm } from "../request-body.js";
import { html } from "./render.js";

type Ctx = Context<AppEnv>;

async function render(c: Ctx, extra: Partial<RulebooksPageProps> = {}, status: 200 | 201 | 409 | 422 = 200) {
  const rulebooks = await listRulebooks(c.get("deps").database.db);
  return html(c, () => <RulebooksPage principal={currentPrincipal(c)} rulebooks={rulebooks} {...extra} />, status);
}

export function rulebookPages() {
  const app = new Hono<AppEnv>();
  app.get("/rulebooks", requires("read"), (c) => render(c));
  app.get("/rulebooks/:id", requires("read"), async (c) => {
    const shown = await resolveRulebook(c.get("deps").database.db, c.req.param("id"), c.req.query("version") ?? null);
    return render(c, { shown });
  });
  app.get("/rulebooks/:id/diff", requires("read"), async (c) => {
    const db = c.get("deps").database.db;
    const id = c.req.param("id");
    const [from, to] = [c.req.query("from"), c.req.query("to")];
    if (!from || !to) throw AppError.invalid("name two versions: ?from=&to=", [{ path: from ? "to" : "from", message: "required" }]);
    return render(c, { diff: diffRulebooks(await resolveRulebook(db, id, from), await resolveRulebook(db, id, to)) });
  });
  app.post("/rulebooks", requires("rulebooks.import"), async (c) => {
    const file = (await readForm(c))["file"];
    const source = file instanceof File ? await file.text() : typeof file === "string" ? file : "";
    try {
      const outcome = await importRulebook({ ctx: contextOf(c), input: { source } });
      return render(c, { imported: { ref: outcome.ref, status: outcome.status } }, outcome.status === "unchanged" ? 200 : 201);
    } catch (e) {
      if (e instanceof AppError && (e.status === 400 || e.status === 409)) return render(c, { issues: e.issues.length ? e.issues : [{ path: "file", message: e.message }] }, e.status === 400 ? 422 : 409);
      throw e;
    }
  });
  return app;
}

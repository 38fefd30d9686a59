// GET /api/v1/rulebooks: the rulebooks with their rules.
import { Hono } from "hono";
import { rulebooks } from "../../../audits/rulebooks/index.js";
import { requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";

export function rulebookRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/rulebooks", requires("read"), (c) => c.json({ rulebooks }));
  app.get("/rulebooks/:id", requires("read"), (c) => {
    const book = rulebooks.find((b) => b.id === c.req.param("id"));
    return book ? c.json(book) : c.json({ error: "not_found", message: `rulebook ${c.req.param("id")} not found` }, 404);
  });
  return app;
}

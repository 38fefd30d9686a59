// GET/PATCH /api/v1/actions/:id: improvement actions; managers update only the actions they own.
import { Hono } from "hono";
import { getAction, updateAction } from "../../../audits/actions.js";
import { can } from "../../auth/roles.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../env.js";
import { idParam, jsonInput, today } from "./request-input.js";

export function actionRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/actions/:id", requires("read"), async (c) => c.json(await getAction(c.get("deps").database.db, idParam(c, "id", "action"), today(c))));
  app.patch("/actions/:id", requires("actions.update_own"), async (c) => {
    const { database, clock } = c.get("deps");
    const principal = currentPrincipal(c);
    const id = idParam(c, "id", "action");
    return c.json(await updateAction(database.db, clock.now(), { actor: principal.actor, anyOwner: can(principal.role, "actions.write") }, id, await jsonInput(c), today(c)));
  });
  return app;
}

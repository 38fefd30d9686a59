// GET/PATCH /api/v1/actions/:id: improvement actions; managers update only the actions they own.
import { getAction, updateAction } from "../../../audits/actions.js";
import { can } from "../../auth/roles.js";
import { currentPrincipal } from "../../auth/sessions.js";
import { actionPatchSchema } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";
import { idParam, jsonInput, today } from "./request-input.js";

const params = { id: "the action id" };

export const actionEndpoints = [
  endpoint(
    { method: "get", path: "/actions/:id", summary: "An improvement action", permission: "read", params, responses: { 200: { description: "the action" }, 404: { description: "no such action" } } },
    async (c) => c.json(await getAction(c.get("deps").database.db, idParam(c, "id", "action"), today(c))),
  ),
  endpoint(
    {
      method: "patch",
      path: "/actions/:id",
      summary: "Update an improvement action (managers: only the actions they own)",
      permission: "actions.update_own",
      params,
      body: { content: { "application/json": actionPatchSchema } },
      responses: { 200: { description: "the action" }, 404: { description: "no such action" } },
    },
    async (c) => {
      const { database, clock } = c.get("deps");
      const principal = currentPrincipal(c);
      const id = idParam(c, "id", "action");
      return c.json(await updateAction(database.db, clock.now(), { actor: principal.actor, anyOwner: can(principal.role, "actions.write") }, id, await jsonInput(c), today(c)));
    },
  ),
];

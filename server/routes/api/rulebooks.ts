// GET /api/v1/rulebooks: the rulebooks with their rules.
import { rulebooks } from "../../../audits/rulebooks/index.js";
import { endpoint } from "./endpoint.js";

export const rulebookEndpoints = [
  endpoint({ method: "get", path: "/rulebooks", summary: "The rulebooks with their rules", permission: "read", responses: { 200: { description: "{rulebooks}" } } }, (c) =>
    c.json({ rulebooks }),
  ),
  endpoint(
    {
      method: "get",
      path: "/rulebooks/:id",
      summary: "One rulebook with its rules",
      permission: "read",
      params: { id: "the rulebook id, e.g. iso20000-support" },
      responses: { 200: { description: "rulebook" }, 404: { description: "no such rulebook" } },
    },
    (c) => {
      const book = rulebooks.find((b) => b.id === c.req.param("id"));
      return book ? c.json(book) : c.json({ error: "not_found", message: `rulebook ${c.req.param("id")} not found` }, 404);
    },
  ),
];

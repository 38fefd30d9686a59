// GET /api/v1/tickets and /api/v1/tickets/:id: tickets as the audit sees them, with derived values and history.
import { Hono } from "hono";
import { getTicketRecord, listTickets, ticketPageMax } from "../../../audits/ticket-record.js";
import { requires } from "../../auth/sessions.js";
import { parseInstant } from "../../contract.js";
import type { AppEnv } from "../../env.js";
import { AppError } from "../../errors.js";

export function ticketRoutes() {
  const app = new Hono<AppEnv>();
  app.get("/tickets", requires("read"), async (c) => {
    const since = c.req.query("since");
    const limit = c.req.query("limit");
    const sinceMs = since === undefined ? undefined : parseInstant(since);
    if (sinceMs === null) throw AppError.invalid("since must be an ISO 8601 instant with an offset", [{ path: "since", message: "not an instant" }]);
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= ticketPageMax)) throw AppError.invalid(`limit must be an integer from 1 to ${ticketPageMax}`, [{ path: "limit", message: "out of range" }]);
    return c.json(await listTickets(c.get("deps").database.db, { service: c.req.query("service"), since: sinceMs, after: c.req.query("after"), limit: n }));
  });
  app.get("/tickets/:id", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    return c.json(await getTicketRecord(database.db, c.req.param("id"), clock.now()));
  });
  return app;
}

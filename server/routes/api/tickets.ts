// GET /api/v1/tickets and /api/v1/tickets/:id: tickets as the audit sees them, with derived values and history.
import { getTicketRecord, listTickets } from "../../../audits/ticket-record.js";
import { ticketListQuery } from "../../contract/index.js";
import { endpoint } from "./endpoint.js";

export const ticketEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/tickets",
      summary: "Tickets by id, paged",
      permission: "read",
      query: ticketListQuery,
      responses: { 200: { description: "{tickets, next_after}" } },
    },
    async (c, { query }) => c.json(await listTickets(c.get("deps").database.db, query)),
  ),
  endpoint(
    {
      method: "get",
      path: "/tickets/:id",
      summary: "A ticket with its derived values, its standing on every SLA rule now, and every version it had",
      permission: "read",
      params: { id: "the ticket id, e.g. IT-2026-000001" },
      responses: { 200: { description: "ticket" }, 404: { description: "no such ticket" } },
    },
    async (c) => {
      const { database, clock } = c.get("deps");
      return c.json(await getTicketRecord(database.db, c.req.param("id"), clock.now()));
    },
  ),
];

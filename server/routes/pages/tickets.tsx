// GET /tickets/:id: one ticket's page (the evidence drill-down links here).
import { Hono } from "hono";
import { getTicketRecord } from "../../../audits/ticket-record.js";
import { TicketPage } from "../../../views/ticket.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../deps.js";
import { html } from "./render.js";

export function ticketPages() {
  const app = new Hono<AppEnv>();
  app.get("/tickets/:id", requires("read"), async (c) => {
    const { database, clock } = c.get("deps");
    const ticket = await getTicketRecord(database.db, c.req.param("id"), clock.now());
    return html(c, () => <TicketPage principal={currentPrincipal(c)} ticket={ticket} />);
  });
  return app;
}

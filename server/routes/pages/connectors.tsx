// /admin/connectors (admins): the connectors and their recent syncs; Sync now runs one and swaps the section back.
import { Hono, type Context } from "hono";
import { ConnectorsPage, ConnectorsSection, type ConnectorsPageProps, type SyncItem } from "../../../views/connectors.js";
import { recentSyncs, type ConnectorSyncRow } from "../../connectors/connectors.js";
import { syncConnector } from "../../connectors/rt/sync.js";
import { connectors } from "../../db/schema.js";
import { currentPrincipal, requires } from "../../auth/sessions.js";
import { contextOf } from "../../context.js";
import type { AppEnv } from "../../deps.js";
import { idParam } from "../route-params.js";
import { wantsPartial } from "./htmx.js";
import { html } from "./render.js";

async function pageProps(c: Context<AppEnv>, finishedId?: number): Promise<ConnectorsPageProps> {
  const db = c.get("deps").database.db;
  const rows = await db.select().from(connectors).orderBy(connectors.name);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  const item = (s: ConnectorSyncRow): SyncItem => ({
    id: s.id,
    connector: names.get(s.connectorId) ?? String(s.connectorId),
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    status: s.status,
    ticketsRead: s.ticketsRead,
    ticketsChanged: s.ticketsChanged,
    error: s.error,
  });
  const syncs = (await recentSyncs(db)).map(item);
  return {
    principal: currentPrincipal(c),
    connectors: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, url: r.url, queue: r.queue, service: r.service, tokenEnv: r.tokenEnv, tokenStored: r.tokenEncrypted !== null, schedule: r.schedule, cursor: r.cursor })),
    syncs,
    finished: finishedId === undefined ? undefined : syncs.find((s) => s.id === finishedId),
  };
}

export function connectorPages() {
  const app = new Hono<AppEnv>();
  app.get("/admin/connectors", requires("connectors"), async (c) => {
    const props = await pageProps(c);
    return html(c, () => <ConnectorsPage {...props} />);
  });
  app.post("/admin/connectors/:id/sync", requires("connectors"), async (c) => {
    const sync = await syncConnector({ ctx: contextOf(c), input: { connector: idParam(c, "id", "connector") } });
    const props = await pageProps(c, sync.id);
    return html(c, () => wantsPartial(c) ? <ConnectorsSection {...props} /> : <ConnectorsPage {...props} />);
  });
  return app;
}

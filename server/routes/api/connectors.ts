// Connectors (admins): create one, list them with their latest sync, sync one now.
import { createConnector, listConnectors, updateConnector } from "../../connectors/connectors.js";
import { syncConnector } from "../../connectors/rt/sync.js";
import { contextOf } from "../../context.js";
import { connectorCreateSchema, connectorSchema, connectorSyncSchema, connectorUpdateSchema } from "../../contract/index.js";
import { z } from "zod";
import { endpoint } from "./endpoint.js";
import { idParam } from "../route-params.js";
import { jsonInput } from "../request-body.js";

export const connectorEndpoints = [
  endpoint(
    { method: "get", path: "/connectors", summary: "The ticketing-system connectors with their latest sync (the token is never answered)", permission: "connectors", responses: { 200: { description: "{connectors}", json: z.object({ connectors: z.array(connectorSchema) }) } } },
    async (c) => c.json({ connectors: await listConnectors(contextOf(c).db) }),
  ),
  endpoint(
    {
      method: "post",
      path: "/connectors",
      summary: "Create a Request Tracker 5 connector: token_env names the environment variable holding the RT token, or token is stored encrypted with ASSAY_SECRET_KEY",
      permission: "connectors",
      body: { content: { "application/json": connectorCreateSchema } },
      responses: { 201: { description: "created", json: connectorSchema }, 409: { description: "the name is taken" } },
    },
    async (c) => c.json(await createConnector({ ctx: contextOf(c), input: await jsonInput(c) }), 201),
  ),
  endpoint(
    {
      method: "patch",
      path: "/connectors/:id",
      summary: "Change a connector's settings (URL, queue, service, token, mapping, schedule); its cursor stays",
      permission: "connectors",
      params: { id: "the connector id" },
      body: { content: { "application/json": connectorUpdateSchema } },
      responses: { 200: { description: "changed", json: connectorSchema }, 404: { description: "no such connector" } },
    },
    async (c) => c.json(await updateConnector({ ctx: contextOf(c), input: { id: idParam(c, "id", "connector"), changes: await jsonInput(c) } })),
  ),
  endpoint(
    {
      method: "post",
      path: "/connectors/:id/sync",
      summary: "Sync the connector now; answers the sync's record (status succeeded or failed, with its error)",
      permission: "connectors",
      params: { id: "the connector id" },
      responses: { 200: { description: "the sync", json: connectorSyncSchema }, 404: { description: "no such connector" }, 409: { description: "a sync of this connector is running" } },
    },
    async (c) => c.json(await syncConnector({ ctx: contextOf(c), input: { connector: idParam(c, "id", "connector") } })),
  ),
];

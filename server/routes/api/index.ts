// Every /api/v1 endpoint, declared once (./endpoint.ts): the routes and the OpenAPI document are built from this list.
// Each declaration names its permission from the one role table.
import { Hono } from "hono";
import type { AppEnv } from "../../deps.js";
import { actionEndpoints } from "./actions.js";
import { applicabilityEndpoints } from "./applicability.js";
import { mountEndpoints, type Endpoint } from "./endpoint.js";
import { connectorEndpoints } from "./connectors.js";
import { dataQualityEndpoints } from "./data-quality.js";
import { findingEndpoints } from "./findings.js";
import { ingestEndpoints } from "./ingest.js";
import { importMappingSchemaEndpoint, openApiEndpoint } from "./openapi.js";
import { planEndpoints } from "./plans.js";
import { policyEndpoints } from "./policies.js";
import { reportEndpoints } from "./reports.js";
import { rulebookEndpoints } from "./rulebooks.js";
import { runEndpoints } from "./runs.js";
import { ticketEndpoints } from "./tickets.js";
import { waiverEndpoints } from "./waivers.js";

export const apiEndpoints: readonly Endpoint[] = [
  openApiEndpoint(() => apiEndpoints),
  importMappingSchemaEndpoint,
  ...ingestEndpoints,
  ...ticketEndpoints,
  ...dataQualityEndpoints,
  ...policyEndpoints,
  ...reportEndpoints,
  ...rulebookEndpoints,
  ...planEndpoints,
  ...applicabilityEndpoints,
  ...runEndpoints,
  ...findingEndpoints,
  ...actionEndpoints,
  ...waiverEndpoints,
  ...connectorEndpoints,
];

export function mountApi(app: Hono<AppEnv>) {
  const api = new Hono<AppEnv>();
  mountEndpoints(api, apiEndpoints);
  app.route("/api/v1", api);
}

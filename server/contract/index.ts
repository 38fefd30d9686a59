// The public contract (../shared/domain/contract.md) as zod schemas, one module per resource: handlers, CSV import,
// the OpenAPI document (server/routes/api/openapi.ts) and tests use these.
export * from "./common.js";
export * from "./tickets.js";
export * from "./metrics.js";
export * from "./activities.js";
export * from "./plans.js";
export * from "./runs.js";
export * from "./findings.js";
export * from "./actions.js";
export * from "./waivers.js";
export * from "./reports.js";
export * from "./policies.js";
export * from "./connectors.js";
export * from "./data-quality.js";
export * from "./applicability.js";

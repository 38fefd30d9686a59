// GET /api/v1/openapi.json: the OpenAPI 3.1 document, built from the endpoint declarations (./endpoint.ts) that
// also build the routes, and from the zod schemas of server/contract.
import { z } from "zod";
import { errorSchema } from "../../contract/index.js";
import { importMappingJsonSchema } from "../../ingest/presets/mapping.js";
import { endpoint, openApiPath, queryOf, type ApiRoute, type Content, type Endpoint } from "./endpoint.js";

/** A schema as the client sends it (io: input), without its own `$schema` (the document's dialect is 3.1's). */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
}

function content(byType: Record<string, Content>) {
  return Object.fromEntries(
    Object.entries(byType).map(([type, c]) => [type, c instanceof z.ZodType ? { schema: jsonSchema(c) } : { schema: c.schema ?? { type: "string", description: c.description } }]),
  );
}

const refusal = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

/** What every route may answer besides its own statuses. */
function commonResponses(route: ApiRoute) {
  const hasInput = route.query && Object.keys(route.query.shape).length > 0;
  return {
    "400": refusal(
      hasInput || route.body
        ? "malformed input; `issues` names every bad field, and every query parameter not listed here (unknown parameters are refused, not ignored)"
        : "a query parameter was sent: this route takes none (unknown parameters are refused, not ignored)",
    ),
    "401": refusal("no credentials"),
    "403": refusal("role not allowed, or missing CSRF token on a session"),
  };
}

function parameters(route: ApiRoute) {
  const inPath = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    ...(route.params?.[name] ? { description: route.params[name] } : {}),
    schema: { type: "string" },
  }));
  const inQuery = Object.entries(queryOf(route).shape).map(([name, schema]) => {
    const s = schema as z.ZodType;
    const { description, ...rest } = jsonSchema(s) as { description?: string };
    return { name, in: "query", required: !s.safeParse(undefined).success, ...(description ? { description } : {}), schema: rest };
  });
  return [...inPath, ...inQuery];
}

function operation(route: ApiRoute) {
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = { description: r.description, ...(r.json ? { content: content({ "application/json": r.json }) } : r.content ? { content: content(r.content) } : {}) };
  }
  for (const [status, r] of Object.entries(commonResponses(route))) responses[status] ??= r;
  const params = parameters(route);
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    "x-permission": route.permission,
    security: [{ bearer: [] }, { session: [] }],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body ? { requestBody: { required: route.body.required ?? true, content: content(route.body.content as Record<string, Content>) } } : {}),
    responses,
  };
}

export function buildOpenApi(endpoints: readonly Endpoint[]) {
  const paths: Record<string, Record<string, unknown>> = {
    "/healthz": { get: { summary: "health", security: [], responses: { "200": { description: "ok" } } } },
  };
  for (const { route } of endpoints) (paths[`/api/v1${openApiPath(route.path)}`] ??= {})[route.method] = operation(route);
  return {
    openapi: "3.1.0",
    info: {
      title: "Assay API",
      version: "1",
      description:
        "Compliance auditing for IT support: ingest service data, run ISO 20000-style audits, read findings and reports. Every query parameter a route accepts is listed; any other is refused with 400 and an issue naming it.",
    },
    components: {
      schemas: { Error: jsonSchema(errorSchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "assay_session", description: "a signed-in browser; unsafe methods also need X-CSRF-Token" },
      },
    },
    paths,
  };
}

/** The document's own route; `all` gives every endpoint (this one included) once they are all declared. */
export function openApiEndpoint(all: () => readonly Endpoint[]): Endpoint {
  let doc: ReturnType<typeof buildOpenApi> | undefined;
  return endpoint(
    {
      method: "get",
      path: "/openapi.json",
      summary: "This document (OpenAPI 3.1)",
      permission: "api.docs",
      responses: { 200: { description: "the OpenAPI document", content: { "application/json": { description: "OpenAPI 3.1", schema: { type: "object" } } } } },
    },
    (c) => c.json((doc ??= buildOpenApi(all()))),
  );
}

/** The JSON Schema of an import mapping file (`assay import tickets --mapping`, server/ingest/presets/mapping.ts). */
export const importMappingSchemaEndpoint: Endpoint = endpoint(
  {
    method: "get",
    path: "/import-mapping.schema.json",
    summary: "The JSON Schema of an import mapping file (assay import tickets --mapping)",
    permission: "api.docs",
    responses: { 200: { description: "JSON Schema", content: { "application/json": { description: "JSON Schema (draft 2020-12)", schema: { type: "object" } } } } },
  },
  (c) => c.json(importMappingJsonSchema()),
);

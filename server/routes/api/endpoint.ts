// One declaration per API route: method, path, permission, query, body and responses as zod schemas. The Hono route
// (with its permission check and its query validation) and the OpenAPI document are both built from it, so what a
// handler reads is what the document says.
import type { Context, Hono, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { Permission } from "../../auth/roles.js";
import { requires } from "../../auth/sessions.js";
import type { AppEnv } from "../../deps.js";
import type { AppConfig } from "../../config.js";
import { AppError, toIssues, type Issue } from "../../errors.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** A media type of a request or response body: a zod schema (JSON), or a description of what else is sent. */
export type Content = z.ZodType | { description: string; schema?: Record<string, unknown> };

export interface ApiRoute<Q extends z.ZodObject = z.ZodObject> {
  method: Method;
  /** Hono's form, under /api/v1: "/runs/:id/results/:ruleId/evidence" */
  path: string;
  summary: string;
  description?: string;
  /** the role table's permission; checked before anything else is read */
  permission: Permission;
  /** what a path parameter means, by name (every `:name` of the path is documented, described or not) */
  params?: Record<string, string>;
  /**
   * Every query parameter the handler accepts (a z.object of the strings sent); the handler gets them parsed. A
   * parameter not declared here is refused with 400 naming it.
   */
  query?: Q;
  /**
   * The request body by media type. Bodies are validated by the domain verb with this same schema (they need the
   * database, e.g. a rule id of the plan's rulebook), so the declaration documents it and types nothing.
   */
  body?: { required?: boolean; content: Partial<Record<"application/json" | "text/csv" | "multipart/form-data", Content>>; limit?: BodyLimit };
  /** by status: what is answered; a zod schema for JSON, or a media type's description */
  responses: Record<number, { description: string; json?: z.ZodType; content?: Record<string, Content> }>;
  /** run after the permission check and the body limit, before the query is read */
  middleware?: MiddlewareHandler<AppEnv>[];
}

/** How large a route's body may be, counted as it streams in (413 beyond); a route with a body and none declared: 1 MB. */
export interface BodyLimit {
  bytes: number | ((config: AppConfig) => number);
  /** what the 413 says; by default "request body too large (at most N MB)" with `hint` after it */
  refusal?: (config: AppConfig) => string;
  hint?: string;
}

const defaultBodyLimit: BodyLimit = { bytes: 1024 * 1024 };

const sizeInWords = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`);

/** The route's declared body limit as middleware (none for a route without a body). */
function bodyLimitOf(route: ApiRoute): MiddlewareHandler<AppEnv>[] {
  if (!route.body) return [];
  const limit = route.body.limit ?? defaultBodyLimit;
  return [
    (c, next) => {
      const config = c.get("deps").config;
      const maxSize = typeof limit.bytes === "number" ? limit.bytes : limit.bytes(config);
      const refusal = limit.refusal?.(config) ?? `request body too large (at most ${sizeInWords(maxSize)}${limit.hint ? `; ${limit.hint}` : ""})`;
      return bodyLimit({
        maxSize,
        onError: () => {
          throw new AppError("too_large", 413, refusal);
        },
      })(c, next);
    },
  ];
}

/** `c.req.param(name)` is typed from the declared path; `query` is the declared query, parsed. */
export type Handler<Q extends z.ZodObject, P extends string = string> = (c: Context<AppEnv, P>, input: { query: z.output<Q> }) => Response | Promise<Response>;

export interface Endpoint {
  route: ApiRoute;
  handler: Handler<z.ZodObject>;
}

const noQuery = z.object({});

/** Declares a route: `endpoint({ method, path, permission, query, … }, async (c, { query }) => c.json(…))`. */
export function endpoint<P extends string, Q extends z.ZodObject = typeof noQuery>(route: ApiRoute<Q> & { path: P }, handler: Handler<Q, P>): Endpoint {
  return { route: route as unknown as ApiRoute, handler: handler as unknown as Handler<z.ZodObject> };
}

/** The query parameters a route accepts: its declaration, or none. */
export const queryOf = (route: ApiRoute): z.ZodObject => route.query ?? noQuery;

/**
 * The declared query parsed, or a 400 whose issues name each bad or unknown parameter. The first value of a repeated
 * parameter is read.
 */
/** A declared parameter that takes every value of a repeated key (`?map=a&map=b`): an array schema. */
function isRepeatable(schema: z.ZodType | undefined): boolean {
  let s: unknown = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = (s as z.ZodOptional<z.ZodType>).unwrap();
  return s instanceof z.ZodArray;
}

export function parseQuery(route: ApiRoute, all: Record<string, string[]>): Record<string, unknown> {
  const shape = queryOf(route).shape as Record<string, z.ZodType>;
  // one value per key (the first, as c.req.query gives it), and every value
  // for a repeatable parameter
  const raw = Object.fromEntries(Object.entries(all).map(([key, values]) => [key, isRepeatable(shape[key]) ? values : values[0]]));
  const parsed = queryOf(route).strict().safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) issues.push({ path: key, message: "unknown query parameter" });
    else issues.push(...toIssues([issue]));
  }
  const accepted = Object.keys(queryOf(route).shape);
  const summary = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join("; ");
  throw AppError.invalid(`invalid query (${summary}); ${accepted.length ? `accepted: ${accepted.join(", ")}` : "this route takes no query parameters"}`, issues);
}

/** Registers each endpoint on `app`: permission, its body limit, its own middleware, the query, then the handler. */
export function mountEndpoints(app: Hono<AppEnv>, endpoints: readonly Endpoint[]) {
  for (const { route, handler } of endpoints) {
    app.on(route.method.toUpperCase(), route.path, requires(route.permission), ...bodyLimitOf(route), ...(route.middleware ?? []), async (c) => handler(c, { query: parseQuery(route, c.req.queries()) }));
  }
}

/** Hono's `:name` (with an optional `{regex}`) as OpenAPI's `{name}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");

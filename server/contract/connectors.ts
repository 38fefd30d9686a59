// Connectors: a ticketing system Assay pulls tickets from (Request Tracker 5), and the record of each sync.
import { z } from "zod";
import { connectorMappingSchema } from "../connectors/rt/mapping.js";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");

export const connectorCreateSchema = z
  .object({
    kind: z.literal("rt"),
    name: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only"),
    url: z.url({ protocol: /^https?$/ }).max(500),
    queue: z.string().trim().min(1).max(200),
    service: z.string().trim().min(1).max(64).nullable().optional(),
    /** the environment variable holding the RT auth token (read at each sync) */
    token_env: envName.nullable().optional(),
    /** or the token itself: stored encrypted with ASSAY_SECRET_KEY, never returned */
    token: z.string().min(1).max(500).nullable().optional(),
    mapping: connectorMappingSchema.optional(),
    /** node-cron expression (UTC); default every 15 minutes */
    schedule: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((c) => !!c.token_env !== !!c.token, { message: "give exactly one of token_env and token", path: ["token_env"] });
export type ConnectorCreateInput = z.input<typeof connectorCreateSchema>;

/** PATCH: any of the settings; a new token_env or token replaces the other. */
export const connectorUpdateSchema = z
  .object({
    url: z.url({ protocol: /^https?$/ }).max(500).optional(),
    queue: z.string().trim().min(1).max(200).optional(),
    service: z.string().trim().min(1).max(64).nullable().optional(),
    token_env: envName.optional(),
    token: z.string().min(1).max(500).optional(),
    mapping: connectorMappingSchema.optional(),
    schedule: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((c) => !(c.token_env && c.token), { message: "give at most one of token_env and token", path: ["token_env"] });

export const connectorSyncSchema = z.object({
  id: z.number(),
  connector_id: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: z.enum(["running", "succeeded", "failed"]),
  tickets_read: z.number(),
  tickets_changed: z.number(),
  error: z.string().nullable(),
  actor: z.string(),
});

export const connectorSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.literal("rt"),
  url: z.string(),
  queue: z.string(),
  service: z.string().nullable(),
  token_env: z.string().nullable(),
  /** true when the token is stored (encrypted); the token itself is never answered */
  token_stored: z.boolean(),
  mapping: connectorMappingSchema,
  schedule: z.string(),
  cursor: z.string().nullable(),
  last_sync: connectorSyncSchema.nullable(),
});

// Audit plans: what to audit, over which period, on which schedule.
import { z } from "zod";
import { instant, isValidTimeZone, parseInstant } from "./common.js";
import { reportLocales } from "../db/schema.js";

export const periodSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("previous_month") }).strict(),
  z.object({ type: z.literal("previous_quarter") }).strict(),
  z.object({ type: z.literal("rolling_days"), days: z.number().int().min(1).max(3660) }).strict(),
  z
    .object({ type: z.literal("custom"), start: instant, end: instant })
    .strict()
    .refine((p) => parseInstant(p.start)! < parseInstant(p.end)!, { message: "start must be before end", path: ["end"] }),
]);

export const planSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    rulebook: z.string().default("iso20000-support"),
    /** the rulebook's version ("1.1.0"); null or absent = its latest version at each run */
    rulebook_version: z.string().regex(/^(?:[a-z0-9][a-z0-9-]*@)?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, "a version such as 1.1.0").nullable().optional(),
    rules: z.array(z.string().min(1).max(64)).nullable().optional(),
    thresholds: z.record(z.string(), z.number().finite()).default({}),
    services: z.array(z.string().min(1).max(64)).nullable().optional(),
    period: periodSchema.default({ type: "previous_month" }),
    schedule: z.string().trim().max(120).nullable().optional(),
    timezone: z.string().default("UTC").refine(isValidTimeZone, { message: "unknown IANA time zone" }),
    owner: z.string().max(254).nullable().optional(),
    /** the language of the plan's PDF reports: en, zh-CN or bilingual (both, Chinese first) */
    report_locale: z.enum(reportLocales).default("en"),
  })
  .strict();
export type PlanInput = z.infer<typeof planSchema>;
export const planPatchSchema = planSchema.partial().strict();


// SLA policies: a new version of a service's targets and calendar.
import { z } from "zod";
import { instant, isValidTimeZone } from "./common.js";

const minutesTarget = z.number().finite().positive().max(525_600);
export const slaPolicySchema = z
  .object({
    service: z.string().trim().min(1).max(64),
    name: z.string().trim().min(1).max(200).optional(),
    effective_from: instant,
    /** why the version exists; required when effective_from lies in the past (a backdated version recomputes tickets) */
    reason: z.string().max(2000).nullish(),
    calendar: z
      .discriminatedUnion("type", [
        z.object({ type: z.literal("24x7") }).strict(),
        z
          .object({
            type: z.literal("business"),
            timezone: z.string().refine(isValidTimeZone, { message: "unknown IANA time zone" }),
            days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
            start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
            end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM"),
            holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")).max(1000).default([]),
          })
          .strict()
          .refine((c) => c.start < c.end, { message: "start must be before end", path: ["end"] }),
      ])
      .default({ type: "24x7" }),
    targets: z
      .object({
        incident: z.object({
          urgent: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
          important: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
          general: z.object({ response: minutesTarget, resolution: minutesTarget }).strict(),
        }).strict(),
        request: z.object({ response: minutesTarget, urgent: minutesTarget, general: minutesTarget, complex: minutesTarget, feedback: minutesTarget }).strict(),
      })
      .strict(),
  })
  .strict();

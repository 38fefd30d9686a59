// Waivers: a request for a plan and rule.
import { z } from "zod";
import { calendarDay } from "./common.js";

/** POST /plans/:id/waivers */
export const waiverRequestSchema = z
  .object({
    rule_id: z.string().min(1).max(64),
    reason: z.string().trim().min(1).max(2000),
    /** the first day the waiver applies; default: the day it is requested */
    valid_from: calendarDay.nullish(),
    expires_on: calendarDay,
  })
  .strict()
  .refine((w) => !w.valid_from || w.valid_from <= w.expires_on, { message: "must not be after expires_on", path: ["valid_from"] });

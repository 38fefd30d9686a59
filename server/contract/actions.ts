// Improvement actions: what an update may change.
import { z } from "zod";
import { parseDateOrInstant } from "./common.js";

export const actionPatchSchema = z
  .object({
    status: z.enum(["open", "in_progress", "done", "verified"]).optional(),
    owner: z.string().trim().max(254).nullable().optional(),
    due_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
      .refine((v) => parseDateOrInstant(v) !== null, { message: "not a calendar date" })
      .nullable()
      .optional(),
    title: z.string().trim().min(1).max(500).optional(),
    description: z.string().max(10_000).optional(),
  })
  .strict();


/** POST /actions/:id/comments */
export const actionCommentSchema = z.object({ body: z.string().trim().min(1, "write a comment").max(5000) }).strict();

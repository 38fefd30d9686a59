// The statement of applicability of a plan: every ISO/IEC 20000-1 clause, covered by rules or justified as not applicable.
import { z } from "zod";

/** PUT /plans/:id/applicability/:clause — the organisation's justification of a clause; empty or null returns to the default */
export const clauseJustificationSchema = z
  .object({
    justification: z.string().trim().max(2000).nullable().meta({ description: "why the clause is not applicable; empty or null: the default justification" }),
  })
  .strict();
export type ClauseJustificationInput = z.infer<typeof clauseJustificationSchema>;

/** A clause number as the path names it: "8.6.1" */
export const clauseNumber = z.string().regex(/^\d+(\.\d+){1,3}$/, { message: "a clause number such as 8.6.1" });

// PDF reports and sign-offs: the download's query, sign-off and reopen inputs, and the answers about them.
import { z } from "zod";
import { reportLocales } from "../db/schema.js";

/** GET /runs/:id/report.pdf: the latest version unless `version` names one. */
export const reportDownloadQuery = z.object({
  version: z
    .string()
    .regex(/^[1-9]\d{0,8}$/, "not a positive integer")
    .transform(Number)
    .optional()
    .meta({ description: "a stored version (GET /runs/{id}/reports); default: the latest, stored first if the run changed" }),
  lang: z
    .enum(reportLocales, { message: `not one of ${reportLocales.join(", ")}` })
    .optional()
    .meta({ description: "the report's language: en, zh-CN or bilingual; default: the plan's report_locale. Each language of a run's state is its own stored version" }),
});

/** Only a comment: the signer is the signed-in account, so a typed `name` (the old contract's field) is refused by name. */
export const signoffInputSchema = z
  .object({
    comment: z
      .string()
      .max(4000)
      .nullish()
      .transform((c) => (c && c.trim() !== "" ? c : null)),
    name: z.never({ message: "the signer is the signed-in account: send no name" }).optional(),
  })
  .strict();
export type SignoffInput = z.input<typeof signoffInputSchema>;

export const reopenInputSchema = z.object({ reason: z.string().trim().min(1, "a reason is required to reopen a signed-off run").max(4000) }).strict();

export const reportVersionSchema = z.object({
  version: z.number().int(),
  locale: z.enum(reportLocales),
  sha256: z.string(),
  size: z.number().int(),
  signoff_id: z.number().int().nullable(),
  created_at: z.string(),
  url: z.string(),
});
export type ReportVersionJson = z.infer<typeof reportVersionSchema>;

export const signoffSchema = z.object({
  id: z.number().int(),
  run_id: z.number().int(),
  name: z.string(),
  comment: z.string().nullable(),
  signed_at: z.string(),
  voided: z.boolean(),
  voided_at: z.string().nullable(),
  voided_by: z.string().nullable(),
  void_reason: z.string().nullable(),
});
export type SignoffJson = z.infer<typeof signoffSchema>;

export const reportVersionsSchema = z.object({ run_id: z.number().int(), versions: z.array(reportVersionSchema) });
export const signoffResultSchema = z.object({ signoff: signoffSchema, report: reportVersionSchema });

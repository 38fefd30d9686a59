// Metric samples: the ingest batch.
import { z } from "zod";
import { instant, maxBatchItems } from "./common.js";

export const metricSampleSchema = z
  .object({
    metric: z.string().trim().min(1).max(64),
    service: z.string().trim().min(1).max(64).nullable().optional(),
    at: instant,
    value: z.number().finite(),
    unit: z.string().max(32).nullable().optional(),
  })
  .strict();
export type MetricSampleInput = z.infer<typeof metricSampleSchema>;
export const metricBatchSchema = z.object({ samples: z.array(metricSampleSchema).max(maxBatchItems, `at most ${maxBatchItems} samples per batch`) }).strict();


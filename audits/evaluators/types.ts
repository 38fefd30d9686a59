// What every evaluator receives (the run's scope) and returns (one outcome per rule).
import type { DbOrTx } from "../../server/db/client.js";
import type { ResultMessageArgs, ResultStatus } from "../../server/db/schema.js";
import type { Period } from "../period.js";
import type { Rule } from "../rulebooks/types.js";

export interface EvalContext {
  db: DbOrTx;
  runId: number;
  planId: number;
  period: Period;
  /** = period.end; the run's start for a provisional run */
  asOf: number;
  /** wall-clock instant the run read its data: records kept without history (actions, other runs) are read as of it */
  evaluatedAt: number;
  timezone: string;
  /** service ids in scope; null = every service */
  serviceIds: number[] | null;
  /** the period holds most tickets: scan the table rather than the opened_at index */
  scanAll: boolean;
  /** the plan's threshold for the rule, else the rule's default */
  thresholdOf(rule: Rule): number | null;
  /**
   * A second reader of the same snapshot on a worker thread (server/db/snapshot-reader.ts), when the run has one:
   * the ticket pass reads its slices there while the main thread judges the other rules.
   */
  beside?: DbOrTx | null;
}

export interface Outcome {
  ruleId: string;
  status: ResultStatus;
  value: number | null;
  threshold: number | null;
  population: number;
  smallPopulation: boolean;
  /** ids: every offending id when known in JavaScript; absent when the ticket pass writes them with SQL */
  evidence: { count: number; ids?: string[] };
  /** writes the offending ids with INSERT … SELECT inside the run's final transaction (instead of ids) */
  writeEvidence?: (tx: DbOrTx) => Promise<void>;
  /** the English text of the message (the API's `message`) */
  message: string;
  /** the message as a catalogue key and values, for pages and PDF in the reader's language */
  messageArgs: ResultMessageArgs;
  nextDue?: string | null;
  details?: Record<string, unknown>;
}

/** Fewer records than this make a ratio read as "small population", not as a plain pass. */
export const smallPopulationBelow = 20;

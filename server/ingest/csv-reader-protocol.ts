// The messages between a CSV import and its reader in a worker thread (csv-reader.ts, csv-parse-worker.ts).
import { AppError, type ErrorCode, type Issue } from "../errors.js";
import { CsvDecodeError, type CsvEncoding } from "./csv-encoding.js";
import type { CsvTicketsSummary, TicketsChunk } from "./csv-tickets.js";

/** Chunks the worker may send ahead of the one being written. */
export const chunksAhead = 2;

/** The importing thread to the worker. */
export type ToReader = { type: "bytes"; data: Uint8Array } | { type: "end" } | { type: "taken" };
/** The worker to the importing thread. */
export type FromReader =
  | { type: "need" }
  | { type: "chunk"; chunk: TicketsChunk }
  | { type: "done"; summary: CsvTicketsSummary }
  | { type: "failed"; error: SerializedError };

interface SerializedError {
  message: string;
  stack?: string;
  app?: { code: ErrorCode; status: AppError["status"]; issues: Issue[]; retryAfterSeconds?: number; extra: Record<string, unknown> };
  decode?: { encoding: CsvEncoding; line: number; column: number; looksGb18030: boolean };
}

/** An error as plain data, so that it crosses to the importing thread as what it was (an AppError stays one). */
export function serializeError(e: unknown): SerializedError {
  if (!(e instanceof Error)) return { message: String(e) };
  const out: SerializedError = { message: e.message, stack: e.stack };
  if (e instanceof AppError) out.app = { code: e.code, status: e.status, issues: e.issues, retryAfterSeconds: e.retryAfterSeconds, extra: e.extra };
  if (e instanceof CsvDecodeError) out.decode = { encoding: e.encoding, line: e.line, column: e.column, looksGb18030: e.looksGb18030 };
  return out;
}

export function reviveError(s: SerializedError): Error {
  if (s.decode && s.app) return new CsvDecodeError(s.message, s.app.issues, s.decode.encoding, s.decode.line, s.decode.column, s.decode.looksGb18030);
  if (s.app) return new AppError(s.app.code, s.app.status, s.message, s.app.issues, s.app.retryAfterSeconds, s.app.extra);
  const e = new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}


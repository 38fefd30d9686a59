// Where the reading half of a CSV import runs (csv-tickets.ts): in the importing thread, or, for a large file, in a
// worker thread (csv-parse-worker.ts) so that parsing and checking the next rows overlaps writing the last ones.
// Both give the same chunks, the same summary and the same errors.
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { reviveError, type FromReader, type ToReader } from "./csv-reader-protocol.js";
import { csvTickets, type CsvTicketsSpec, type CsvTicketsSummary, type TicketsChunk } from "./csv-tickets.js";

/** Files from this size up are read in a worker thread (starting one costs about half a second). */
export const workerReadBytes = 4 * 1024 * 1024;
/** The file's valid tickets in chunks, then its summary: read here, or in a worker thread when `inWorker`. */
export function readCsvTickets(input: Readable, spec: CsvTicketsSpec, inWorker: boolean): AsyncGenerator<TicketsChunk, CsvTicketsSummary, void> {
  return inWorker ? readInWorker(input, spec) : csvTickets(input, spec);
}

// the worker's module is TypeScript: tsx's loader is registered in the worker before it is imported (a worker's
// main module is loaded before the --import hooks it inherits would apply)
const workerModule = fileURLToPath(new URL("./csv-parse-worker.ts", import.meta.url));
const bootstrap = `require(${JSON.stringify(createRequire(import.meta.url).resolve("tsx/cjs/api"))}).register(); require(${JSON.stringify(workerModule)});`;

/** Readers started, and running now (a test's counts). */
let workersStarted = 0;
let workersRunning = 0;
export const readerWorkersStarted = () => workersStarted;
export const readerWorkersRunning = () => workersRunning;

/**
 * The worker's heap: a chunk and the rows being parsed take a few MB, and a record is at most `maxRecordChars`. Without
 * a limit V8 let it grow to ≈ 100 MB before collecting, which took a million-row import from 274 to 374–395 MB. The worker is not the slower half (the writes are), so collecting more often costs it no wall time.
 */
const workerHeap = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 };

type Event = FromReader | { type: "source-failed"; error: unknown } | { type: "crashed"; error: Error } | { type: "exited"; code: number };

async function* readInWorker(input: Readable, spec: CsvTicketsSpec): AsyncGenerator<TicketsChunk, CsvTicketsSummary, void> {
  const worker = new Worker(bootstrap, { eval: true, workerData: { spec }, resourceLimits: workerHeap });
  workersStarted++;
  workersRunning++;
  const source = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const arrive = (e: Event) => {
    events.push(e);
    wake?.();
    wake = null;
  };
  const send = async () => {
    try {
      const next = await source.next();
      if (next.done) return worker.postMessage({ type: "end" } satisfies ToReader);
      // a copy of exactly the chunk's bytes (a Buffer may be a view of a larger pool), moved rather than copied again
      const data = new Uint8Array(next.value);
      worker.postMessage({ type: "bytes", data } satisfies ToReader, [data.buffer]);
    } catch (error) {
      arrive({ type: "source-failed", error });
    }
  };
  worker.on("message", (m: FromReader) => (m.type === "need" ? void send() : arrive(m)));
  worker.on("error", (error) => arrive({ type: "crashed", error }));
  worker.on("exit", (code) => arrive({ type: "exited", code }));
  try {
    for (;;) {
      while (events.length === 0) await new Promise<void>((r) => (wake = r));
      const e = events.shift()!;
      if (e.type === "chunk") {
        worker.postMessage({ type: "taken" } satisfies ToReader);
        yield e.chunk;
      } else if (e.type === "done") return e.summary;
      else if (e.type === "failed") throw reviveError(e.error);
      else if (e.type === "source-failed") throw e.error;
      else if (e.type === "crashed") {
        if ((e.error as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") throw new Error(`the CSV reader's worker thread ran out of its ${workerHeap.maxOldGenerationSizeMb} MB heap`);
        throw e.error;
      }
      else if (e.type === "exited") throw new Error(`the CSV reader's worker thread stopped (exit code ${e.code}) before the end of the file`);
    }
  } finally {
    await worker.terminate();
    workersRunning--;
    input.destroy();
  }
}

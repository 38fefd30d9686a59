// The reading half of a CSV import (csv-tickets.ts) in a worker thread of its own: the importing thread sends it the
// file's bytes when it asks for them and writes the valid tickets it sends back, so that a large file is parsed and
// checked while the previous chunk is written. At most `chunksAhead` chunks wait to be written (memory stays flat).
import { Readable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { csvTickets, type CsvTicketsSpec } from "./csv-tickets.js";
import { chunksAhead, serializeError, type FromReader, type ToReader } from "./csv-reader-protocol.js";

const port = parentPort!;
const spec = (workerData as { spec: CsvTicketsSpec }).spec;
let credit = chunksAhead;
let resume: (() => void) | null = null;

// one request for bytes at a time: read() is not called again until the bytes asked for are pushed
const input = new Readable({ read: () => port.postMessage({ type: "need" } satisfies FromReader) });

port.on("message", (m: ToReader) => {
  if (m.type === "bytes") input.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  else if (m.type === "end") input.push(null);
  else if (m.type === "taken") {
    credit++;
    resume?.();
    resume = null;
  }
});

async function read() {
  const tickets = csvTickets(input, spec);
  try {
    for (;;) {
      const next = await tickets.next();
      if (next.done) return port.postMessage({ type: "done", summary: next.value } satisfies FromReader);
      port.postMessage({ type: "chunk", chunk: next.value } satisfies FromReader);
      if (--credit <= 0) await new Promise<void>((r) => (resume = r));
    }
  } catch (e) {
    port.postMessage({ type: "failed", error: serializeError(e) } satisfies FromReader);
  }
}

void read();

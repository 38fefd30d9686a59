// An uploaded file is written to a temporary file before it is imported: the import holds the write lock for
// its whole length, and a client sending slowly must not hold it (and every other writer) for as long as it likes.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

/** Receives the whole body into a temporary file, then hands `use` a stream of it and its size; the file is removed after. */
export async function withSpooledUpload<T>(body: ReadableStream<Uint8Array>, use: (file: Readable, bytes: number) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "assay-upload-"));
  try {
    const path = join(dir, "upload");
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(path));
    return await use(createReadStream(path, { highWaterMark: 256 * 1024 }), statSync(path).size);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

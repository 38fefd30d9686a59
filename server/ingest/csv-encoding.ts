// The character encodings a CSV import reads: UTF-8 (with or without a byte-order mark, the default) and GB18030,
// which also reads GBK and GB2312 files (GB18030 is their superset), as Excel on a Chinese Windows saves "CSV".
// Decoding is streamed chunk by chunk (Node's TextDecoder, full ICU), so memory stays flat for any file size.
import { Transform } from "node:stream";
import { AppError, type Issue } from "../errors.js";

export const csvEncodings = ["utf-8", "gb18030"] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

const aliases: Record<string, CsvEncoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-8-bom": "utf-8",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
  "windows-936": "gb18030",
};

/** A declared encoding (CLI --encoding, ?encoding=, a Content-Type charset) as one we read; undefined = UTF-8. */
export function parseCsvEncoding(value: string | null | undefined): CsvEncoding {
  if (value === null || value === undefined || value.trim() === "") return "utf-8";
  const encoding = aliases[value.trim().toLowerCase()];
  if (!encoding) {
    throw AppError.invalid(`unknown encoding "${value}"; a CSV file is read as utf-8 (the default) or gb18030 (also reads GBK and GB2312)`, [
      { path: "encoding", message: `must be one of utf-8, gb18030, gbk` },
    ]);
  }
  return encoding;
}

/** Bytes that are not text in the file's encoding: where they sit, for the command line to say in its language. */
export class CsvDecodeError extends AppError {
  constructor(
    message: string,
    issues: Issue[],
    readonly encoding: CsvEncoding,
    readonly line: number,
    readonly column: number,
    /** undeclared bytes that read cleanly as GB18030 */
    readonly looksGb18030: boolean,
  ) {
    super("unsupported_media_type", 415, message, issues);
  }
}

/** U+FFFD as each encoding writes it: a file may hold the character itself, which is not a decoding error. */
const encodedReplacement: Record<CsvEncoding, Buffer> = {
  "utf-8": Buffer.from([0xef, 0xbf, 0xbd]),
  gb18030: Buffer.from([0x84, 0x31, 0xa4, 0x37]),
};

function countOf(haystack: Buffer | string, needle: Buffer | string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle as never); i >= 0; i = haystack.indexOf(needle as never, i + needle.length)) n++;
  return n;
}

/**
 * Bytes → text in `encoding`. Bytes that are not text in it fail the stream with the line and column (in characters,
 * both from 1) where they sit; undeclared bytes that are not UTF-8 but read cleanly as GB18030 get a hint to declare
 * it. A file is never decoded as GB18030 by guessing: almost any byte string "reads" as GB18030, so a guess would
 * store a Big5 or Latin-1 file as nonsense instead of refusing it.
 */
export function csvDecoder(encoding: CsvEncoding): Transform {
  // not fatal: a fatal decoder says that a chunk is bad but not where; the replacement characters show where
  const decoder = new TextDecoder(encoding, { fatal: false });
  const replacement = encodedReplacement[encoding];
  let line = 1;
  let column = 1;
  // the last bytes of the previous chunk: a U+FFFD written in the file may straddle two chunks (the tail is too
  // short to hold a whole one, so no occurrence is counted twice)
  let tail: Buffer = Buffer.alloc(0);

  const fail = (text: string, at: number, bytes: Buffer | null) => {
    const before = text.slice(0, at);
    const newlines = countOf(before, "\n");
    const l = line + newlines;
    const c = newlines ? at - before.lastIndexOf("\n") : column + at;
    let hint = "";
    let looksGb = false;
    if (encoding === "utf-8") {
      if (bytes) {
        try {
          new TextDecoder("gb18030", { fatal: true }).decode(bytes, { stream: true });
          looksGb = true;
        } catch {
          looksGb = false;
        }
      }
      hint = looksGb
        ? "; it reads as GB18030/GBK (a Chinese Excel export): import it again declaring that encoding (assay import tickets FILE --encoding gb18030, ?encoding=gb18030 or Content-Type: text/csv; charset=gb18030), or save it as UTF-8"
        : "; save it as UTF-8, or declare its encoding (gb18030 for GBK and GB2312 files)";
    }
    const what = encoding === "utf-8" ? "not UTF-8 text" : "not GB18030 text";
    return new CsvDecodeError(
      `the file is ${what}: undecodable bytes at line ${l}, column ${c}${hint}; nothing was written`,
      [{ path: `line.${l}`, message: `bytes that are ${what} at column ${c}` }],
      encoding,
      l,
      c,
      looksGb,
    );
  };

  const advance = (text: string) => {
    const newlines = countOf(text, "\n");
    if (newlines) {
      line += newlines;
      column = text.length - text.lastIndexOf("\n");
    } else column += text.length;
  };

  const check = (text: string, bytes: Buffer | null): AppError | null => {
    const first = text.indexOf("\uFFFD");
    if (first < 0) return null;
    // the file may hold U+FFFD itself: only replacement characters beyond those it holds are decoding errors
    if (bytes) {
      const genuine = countOf(Buffer.concat([tail, bytes]), replacement);
      if (countOf(text, "\uFFFD") <= genuine) return null;
    }
    // the first replacement character is reported; when genuine ones precede it, the position is approximate
    return fail(text, first, bytes);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const text = decoder.decode(chunk, { stream: true });
      const error = check(text, chunk);
      if (error) return done(error);
      advance(text);
      tail = chunk.subarray(Math.max(0, chunk.length - (replacement.length - 1)));
      done(null, text);
    },
    flush(done) {
      const text = decoder.decode();
      // bytes left at the end are an incomplete character
      if (text.includes("\uFFFD")) return done(fail(text, text.indexOf("\uFFFD"), null));
      done(null, text);
    },
  });
}

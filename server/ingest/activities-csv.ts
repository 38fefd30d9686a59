// Activities as CSV (text/csv on POST /api/v1/activities): a header row of contract fields, then one activity a row.
// An empty cell is null (absent for type, date and major); participants and inputs are lists separated by `;` (each
// part trimmed, empty parts dropped); score is a number, major true/false/1/0. The rows then go through the JSON
// batch's own schema, so an error names the same path (activities.3.inputs.1) and nothing is written.
import { parse } from "csv-parse/sync";
import { activityBatchSchema, activityFields, maxBatchItems, type ActivityInput } from "../contract/index.js";
import { AppError } from "../errors.js";
import type { CsvEncoding } from "./csv-encoding.js";
import { parseBatch } from "./validate.js";

const listFields = new Set(["participants", "inputs"]);
const omittedWhenEmpty = new Set(["type", "date", "major"]);

/** One CSV record as the contract's JSON shape. */
export function csvRecordToActivity(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    if (raw === "" || raw === undefined) {
      if (!omittedWhenEmpty.has(key)) out[key] = null;
      continue;
    }
    if (listFields.has(key)) out[key] = raw.split(";").map((p) => p.trim()).filter((p) => p !== "");
    else if (key === "score") {
      const n = Number(raw);
      out[key] = raw.trim() !== "" && Number.isFinite(n) ? n : raw;
    } else if (key === "major") {
      const v = raw.trim().toLowerCase();
      out[key] = v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : raw;
    } else out[key] = raw;
  }
  return out;
}

/** Decodes and parses an activities CSV body into validated activities (all or nothing). */
export function parseActivitiesCsv(bytes: ArrayBuffer, encoding: CsvEncoding): ActivityInput[] {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw AppError.invalid(`the CSV file is not ${encoding} text; nothing was written`, [{ path: "", message: `not ${encoding}` }]);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let header: string[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => (header = h.map((c) => c.trim())),
      skip_empty_lines: true,
      max_record_size: 1024 * 1024,
    });
  } catch (e) {
    throw AppError.invalid(`the CSV file could not be read: ${(e as Error).message}; nothing was written`, [{ path: "", message: (e as Error).message }]);
  }
  const known = new Set<string>(activityFields);
  const unknown = header.flatMap((c, i) => (known.has(c) ? [] : [{ path: `header.${i}`, message: `unknown column "${c}"; the columns are ${activityFields.join(", ")}` }]));
  const missing = ["type", "date"].filter((c) => !header.includes(c)).map((c) => ({ path: "header", message: `the column ${c} is required` }));
  if (unknown.length || missing.length) throw AppError.invalid(`activities CSV rejected: ${[...missing, ...unknown].map((i) => i.message).join("; ")}; nothing was written`, [...missing, ...unknown]);
  if (records.length === 0) throw AppError.invalid("the CSV file holds no activity; nothing was written", [{ path: "", message: "no rows" }]);
  if (records.length > maxBatchItems) throw AppError.invalid(`at most ${maxBatchItems} activities per file; nothing was written`, [{ path: "activities", message: `${records.length} rows` }]);
  return parseBatch(activityBatchSchema, { activities: records.map(csvRecordToActivity) }, "batch").activities;
}

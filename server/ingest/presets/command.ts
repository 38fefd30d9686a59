// `assay import tickets FILE --format …`: reads the options, imports (or dry-runs) through a preset or mapping
// file, and prints the outcome for a person and, on the last line, as JSON.
import { createReadStream, readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Db } from "../../db/client.js";
import { AppError } from "../../errors.js";
import type { ImportProgress } from "../csv-import.js";
import { workerReadBytes } from "../csv-reader.js";
import { importMappedTickets, type ImportOutcome } from "./import.js";
import { presetMapping, presetNames } from "./index.js";
import { parseCsvEncoding } from "../csv-encoding.js";
import { localeFromEnv, translator } from "../../i18n/index.js";
import { parseMappingText, withOverrides } from "./mapping.js";
import { rowProblems } from "../../data-quality/verdicts.js";

export const importUsage = `usage: assay import tickets FILE --format ${presetNames.join("|")} [--mapping MAP.json] [--map FIELD=COLUMN …] [--timezone TZ] [--service NAME] [--dry-run]`;

/** The options that make `import tickets` go through a preset or mapping rather than the contract's own CSV. */
export const presetOptions = ["--format", "--mapping", "--map", "--timezone", "--service", "--dry-run"];

export async function importTicketsCommand(
  args: string[],
  run: (use: (db: Db, now: number) => Promise<ImportOutcome>) => Promise<ImportOutcome>,
  progress?: (file: string) => ((p: ImportProgress) => void) | undefined,
): Promise<number> {
  const { values, positionals } = readOptions(args);
  const [entity, file] = positionals;
  if (entity !== "tickets" || !file) throw AppError.invalid(importUsage);
  if (!values.format && !values.mapping) throw AppError.invalid(`--format or --mapping is required; ${importUsage}`);
  let mapping = values.mapping ? parseMappingText(readFileSync(values.mapping, "utf8"), `mapping ${values.mapping}`) : presetMapping(values.format!);
  // a mapping file given with a format refines nothing of the preset: the file is the whole mapping
  mapping = withOverrides(mapping, { map: values.map, timezone: values.timezone, service: values.service });
  const dryRun = values["dry-run"] ?? false;
  const label = values.mapping ?? values.format!;
  const onProgress = progress?.(file);
  const outcome = await run((db, now) =>
    importMappedTickets(db, now, "cli", createReadStream(file, { highWaterMark: 256 * 1024 }), {
      mapping, dryRun, sourceName: `cli:${label}:${file}`, onProgress, encoding: parseCsvEncoding(values.encoding), readInWorker: statSync(file).size >= workerReadBytes,
    }),
  );
  for (const line of describeOutcome(file, label, outcome)) console.log(line);
  console.log(JSON.stringify(outcome));
  return 0;
}

function readOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        mapping: { type: "string" },
        map: { type: "string", multiple: true },
        timezone: { type: "string" },
        service: { type: "string" },
        "dry-run": { type: "boolean" },
        encoding: { type: "string" },
      },
    });
  } catch (e) {
    // an unknown or incomplete option: said in one line, with the usage
    throw AppError.invalid(`${(e as Error).message}; ${importUsage}`);
  }
}

/** The outcome for a person, in the command line's language (ASSAY_LOCALE, else LANG); the JSON line follows it. */
export function describeOutcome(file: string, label: string, o: ImportOutcome, t = translator(localeFromEnv(process.env))): string[] {
  const lines: string[] = [];
  if (o.dry_run) {
    lines.push(t("cli.preset.dryRun", { file, label }));
    lines.push(t("cli.preset.dryRunCounts", { rows: o.rows, tickets: o.tickets, inserted: o.inserted, updated: o.updated, unchanged: o.unchanged, refused: o.refused }));
    if (o.missing_columns.length) lines.push(t("cli.preset.missingColumns", { columns: o.missing_columns.join(", ") }));
  } else {
    lines.push(t("cli.preset.imported", { file, label, received: o.received, inserted: o.inserted, updated: o.updated, unchanged: o.received - o.inserted - o.updated }));
  }
  if (o.unmapped_columns.length) lines.push(t("cli.preset.unmappedColumns", { columns: o.unmapped_columns.join(", ") }));
  if (o.unmapped_values.length) {
    lines.push(t("cli.preset.unmappedValues"));
    for (const v of o.unmapped_values.slice(0, 20)) lines.push(t("cli.preset.unmappedValue", { field: v.field, value: v.value, column: v.column, count: v.count }));
  }
  if (o.dry_run && o.refused_rows.length) {
    lines.push(t("cli.preset.refusedRows"));
    for (const r of o.refused_rows.slice(0, 50)) lines.push(t("cli.preset.refusedRow", { line: r.line, field: r.field, message: r.message }));
  }
  lines.push(t("quality.cli.summary", { tickets: o.quality.tickets, incomplete: o.quality.incomplete, inconsistent: o.quality.inconsistent }));
  if (o.dry_run && o.quality.rows.length) {
    lines.push(t("quality.cli.rows", { n: o.quality.rows.length }));
    for (const r of o.quality.rows) {
      const p = rowProblems(r, t);
      lines.push(t("quality.cli.row", { id: r.id, problems: [...p.incomplete, ...p.inconsistent].join(t("quality.separator")) }));
    }
  }
  if (!o.dry_run && o.quality.offending) lines.push(t("quality.cli.see", { id: o.data_change }));
  return lines;
}

// Row 7 (issue 13): `assay import tickets FILE --format servicenow` of a generated ServiceNow incident export
// (rows/s, peak memory < 300 MB), against the same file streamed through csv-parse without inserting.
import { createWriteStream, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TicketInput } from "../../server/contract/index.js";
import { measuredChild } from "./csv-import.js";
import { ticketAt } from "./dataset.js";
import { round, thousands, type BenchRow } from "./row-types.js";
import { targets } from "./targets.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The incident list's standard columns, as ServiceNow exports them (display values; `?` = empty). */
const columns = ["number", "incident_state", "active", "priority", "impact", "urgency", "opened_at", "resolved_at", "closed_at", "sys_updated_at", "sys_mod_count", "assignment_group", "assigned_to", "category", "short_description", "close_code", "contact_type"];
const header = columns.join(",") + "\n";
const priorityOf = { urgent: "1 - Critical", important: "2 - High", general: "3 - Moderate" } as const;

/** ServiceNow's default display format, dd-mm-yyyy HH:mm:ss (UTC, the preset's default zone). */
function snDate(isoText: string | null | undefined): string {
  if (!isoText) return "?";
  const d = new Date(isoText);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}-${p(d.getUTCMonth() + 1)}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const cell = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? "?" : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function serviceNowLine(t: TicketInput): string {
  const state = t.closed_at ? "Closed" : t.resolved_at ? "Resolved" : t.first_response_at ? "In Progress" : "New";
  return [
    t.id, state, t.closed_at ? "false" : "true", priorityOf[t.priority ?? "general"], "2 - Medium", "2 - Medium",
    snDate(t.opened_at), snDate(t.resolved_at), snDate(t.closed_at), snDate(t.closed_at ?? t.resolved_at ?? t.opened_at), "3",
    t.service, t.assignee, t.category, t.summary, t.resolution ? "Solved (Permanently)" : null, t.channel,
  ].map((v) => cell(v)).join(",") + "\n";
}

/** Written with back-pressure, so the file never sits in memory here either. */
export async function writeServiceNowCsv(file: string, total: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(header);
  let buffer = "";
  for (let i = 0; i < total; i++) {
    buffer += serviceNowLine(ticketAt(i, total));
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

export async function benchPresetImport(dir: string, total: number, log: (l: string) => void): Promise<BenchRow> {
  const file = join(dir, "servicenow-incidents.csv");
  log(`row 7: writing ${thousands(total)} ServiceNow incidents to ${file}…`);
  await writeServiceNowCsv(file, total);
  const sizeMb = statSync(file).size / 1024 / 1024;
  log(`row 7: ${sizeMb.toFixed(0)} MB; parsing without inserting (baseline)…`);
  const parseOnly = await measuredChild([join(root, "test/bench/csv-parse-only.ts"), file], {}, join(dir, "peak-preset-parse"));
  log("row 7: importing with `assay import tickets --format servicenow`…");
  const dbUrl = `file:${join(dir, "preset-import.db")}`;
  const imported = await measuredChild(
    [join(root, "server/cli.ts"), "import", "tickets", file, "--format", "servicenow", "--map", "service=assignment_group"],
    { DATABASE_URL: dbUrl, ASSAY_LOCALE: "en" },
    join(dir, "peak-preset-import"),
  );
  const result = JSON.parse(imported.stdout.trim().split("\n").pop()!) as { received: number; inserted: number };
  if (result.inserted !== total) throw new Error(`imported ${result.inserted} of ${total} incidents`);
  rmSync(file);
  const rate = total / (imported.ms / 1000);
  const parseRate = total / (parseOnly.ms / 1000);
  return {
    n: 7,
    what: `ServiceNow preset import of ${thousands(total)} incidents (${sizeMb.toFixed(0)} MB) with \`assay import tickets --format servicenow\``,
    value: `${thousands(rate)} rows/s, peak ${imported.peakMb.toFixed(0)} MB`,
    baseline: `csv-parse only: ${thousands(parseRate)} rows/s, peak ${parseOnly.peakMb.toFixed(0)} MB`,
    ratio: `${(imported.ms / parseOnly.ms).toFixed(1)}× parse time`,
    target: targets.import.text,
    met: rate >= targets.import.perSecond && imported.peakMb < targets.import.peakMb,
    figures: {
      rows: total,
      fileMb: round(sizeMb, 1),
      importMs: round(imported.ms),
      rowsPerSecond: round(rate),
      importPeakMb: round(imported.peakMb, 1),
      parseMs: round(parseOnly.ms),
      parseRowsPerSecond: round(parseRate),
      parsePeakMb: round(parseOnly.peakMb, 1),
    },
    note: "the wall time includes the data-quality count over the imported tickets that the command prints",
  };
}

// Shared by the preset tests: imports a CSV written in the test through a preset on a real database, reads back stored tickets.
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { ticketFields } from "../../../server/contract/index.js";
import { getTicketRecord } from "../../../audits/ticket-record.js";
import { presetMapping } from "../../../server/ingest/presets/index.js";
import { importMappedTickets } from "../../../server/ingest/presets/import.js";
import { withOverrides, type MappingOverrides } from "../../../server/ingest/presets/mapping.js";
import type { TestApp } from "../../support/app.js";

export async function importPreset(t: TestApp, format: string, csv: string, opts: MappingOverrides & { dryRun?: boolean } = {}) {
  const mapping = withOverrides(presetMapping(format), opts);
  return importMappedTickets(t.database.db, t.clock.now(), "test", Readable.from([Buffer.from(csv, "utf8")]), { mapping, dryRun: opts.dryRun, sourceName: `test:${format}` });
}

/** The stored ticket's contract fields, as GET /api/v1/tickets/:id gives them. */
export async function storedTicket(t: TestApp, id: string) {
  const r = (await getTicketRecord(t.database.db, id, t.clock.now())) as unknown as Record<string, unknown>;
  return Object.fromEntries(["id", ...ticketFields].map((f) => [f, r[f]]));
}

export async function ticketCount(t: TestApp): Promise<number> {
  const [row] = await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`);
  return row.n;
}

/** A ticket with every contract field, the unmapped ones null. */
export function contractTicket(fields: Record<string, unknown>) {
  return {
    kind: "incident", priority: null, complex: false, category: null, summary: null, assignee: null, resolution: null, channel: null,
    first_response_at: null, resolved_at: null, closed_at: null, on_hold_minutes: null, satisfaction: null,
    problem_id: null, root_cause: null, major_incident: false,
    ...fields,
  };
}

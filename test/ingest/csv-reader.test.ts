// A large CSV file is read and checked in a worker thread while the importing thread writes (csv-reader.ts): the
// same chunks, summary and errors as reading it in the importing thread, at most a few chunks ahead of the writes,
// and the worker stopped however the import ends.
import { sql } from "drizzle-orm";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors.js";
import { CsvDecodeError } from "../../server/ingest/csv-encoding.js";
import { importTicketsCsv } from "../../server/ingest/csv-import.js";
import { readCsvTickets, readerWorkersRunning, readerWorkersStarted, workerReadBytes } from "../../server/ingest/csv-reader.js";
import { chunkRows, maxRecordChars, type CsvTicketsSpec, type CsvTicketsSummary, type TicketsChunk } from "../../server/ingest/csv-tickets.js";
import { importMappedTickets } from "../../server/ingest/presets/import.js";
import { presetMapping } from "../../server/ingest/presets/index.js";
import { withOverrides } from "../../server/ingest/presets/mapping.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
});
afterAll(() => t.close());

const now = Date.parse("2026-11-24T12:00:00Z");
const spec = (over: Partial<CsvTicketsSpec> = {}): CsvTicketsSpec => ({ now, encoding: "utf-8", dryRun: false, ...over });
const header = "id,kind,service,priority,summary,opened_at,resolved_at,on_hold_minutes";
const line = (i: number, over: { priority?: string; hold?: string } = {}) =>
  `R-${String(i).padStart(6, "0")},incident,svc-${i % 3},${over.priority ?? "urgent"},"summary ${i}, quoted",2026-10-01T08:00:00Z,2026-10-01T09:00:00Z,${over.hold ?? ""}`;
const file = (lines: string[]) => [header, ...lines].join("\n") + "\n";
const serviceNow = [
  "number,incident_state,active,priority,impact,urgency,opened_at,resolved_at,closed_at,sys_updated_at,sys_mod_count,assignment_group,assigned_to,category,subcategory,contact_type,cmdb_ci,made_sla,reopen_count,close_code,short_description,u_business_service",
  "INC0020001,Closed,false,1 - Critical,1 - High,1 - High,27-03-2026 23:30,28-03-2026 02:10,31-03-2026 09:00,31-03-2026 09:00,9,Network,Anna Schmidt,Network,DNS,Phone,dns-01,false,0,Solved (Permanently),Name resolution fails company-wide,Network",
  "INC0020002,Resolved,true,2 - High,2 - Medium,1 - High,30-03-2026 08:15:00,30-03-2026 11:45:00,?,30-03-2026 11:45,4,Service Desk,Jonas Weber,Software,Email,Email,mail-01,true,1,Workaround provided,\"Shared mailbox \"\"Sales\"\" not syncing\",Email",
  "INC0020006,New,true,6 - Unknown,3 - Low,3 - Low,02-04-2026 10:00,?,?,02-04-2026 10:00,0,Service Desk,?,Hardware,?,Email,?,?,0,?,Odd priority,Workplace",
].join("\n") + "\n";
/** A source that hands out the text in 64 KiB pieces and counts how many bytes were taken from it. */
function counted(text: string) {
  const bytes = Buffer.from(text);
  const read = { bytes: 0 };
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += 65536) {
        const piece = bytes.subarray(at, at + 65536);
        read.bytes += piece.length;
        yield piece;
      }
    })(),
  );
  return { source, read, total: bytes.length };
}

async function readAll(text: string, s: CsvTicketsSpec, inWorker: boolean): Promise<{ chunks: TicketsChunk[]; summary: CsvTicketsSummary }> {
  const chunks: TicketsChunk[] = [];
  const reader = readCsvTickets(counted(text).source, s, inWorker);
  for (let next = await reader.next(); ; next = await reader.next()) {
    if (next.done) return { chunks, summary: next.value };
    chunks.push(next.value);
  }
}

const withoutBytes = (r: { chunks: TicketsChunk[]; summary: CsvTicketsSummary }) => ({ ...r, chunks: r.chunks.map(({ bytes: _, ...c }) => c) });

async function failure(text: string, s: CsvTicketsSpec, inWorker: boolean): Promise<Error> {
  try {
    await readAll(text, s, inWorker);
  } catch (e) {
    return e as Error;
  }
  throw new Error("the file was read without an error");
}

describe("reading in a worker thread", () => {
  it("gives the chunks and summary of reading in the importing thread, refused rows included", async () => {
    const rows = Array.from({ length: 2 * chunkRows + 17 }, (_, i) => line(i, i === 2500 ? { priority: "p1" } : i === 3000 ? { hold: "9999" } : {}));
    const started = readerWorkersStarted();
    const inWorker = await readAll(file(rows), spec({ dryRun: true }), true);
    expect(readerWorkersStarted()).toBe(started + 1);
    const here = await readAll(file(rows), spec({ dryRun: true }), false);
    expect(readerWorkersStarted()).toBe(started + 1);
    // how far the file had been read at each chunk depends on buffering; which tickets each chunk holds does not
    expect(withoutBytes(inWorker)).toEqual(withoutBytes(here));
    expect([inWorker.summary.bytes, here.summary.bytes]).toEqual([Buffer.byteLength(file(rows)), Buffer.byteLength(file(rows))]);
    expect(here.summary.refused).toBe(2);
    expect(here.summary.issues.map((i) => i.path)).toEqual(["tickets.2500.priority", "tickets.3000.on_hold_minutes"]);
    expect(here.chunks.map((c) => c.tickets.length)).toEqual([chunkRows, chunkRows, 15]);
    expect(here.chunks[0].tickets[1]).toMatchObject({ id: "R-000001", service: "svc-1", summary: "summary 1, quoted" });
    expect(readerWorkersRunning()).toBe(0);
  });

  it("gives a preset's mapping report too", async () => {
    const mapping = withOverrides(presetMapping("servicenow"), { timezone: "Europe/Berlin", service: "it-helpdesk" });
    const text = serviceNow;
    const inWorker = await readAll(text, spec({ mapping, dryRun: true }), true);
    const here = await readAll(text, spec({ mapping, dryRun: true }), false);
    expect(withoutBytes(inWorker)).toEqual(withoutBytes(here));
    expect(here.summary.mapping?.unmappedColumns).toContain("u_business_service");
    expect(here.summary.mapping?.unmappedValues).toEqual([{ field: "priority", column: "priority", value: "6 - Unknown", count: 1 }]);
  });

  it("throws what reading here throws: a refused header, a malformed row, undecodable bytes, an oversized record", async () => {
    const cases: [string, CsvTicketsSpec][] = [
      ["id,kind,colour\nA,incident,red\n", spec()],
      [file([line(1), 'R-2,incident,"unclosed,x,y,z,w,v,u']), spec()],
      [file([line(1).replace("summary 1", "x".repeat(maxRecordChars + 1))]), spec()],
      [header + "\n", spec()],
    ];
    // bytes that are not UTF-8: a CsvDecodeError with the line and column, checked below
    const bad = Buffer.concat([Buffer.from(header + "\n" + line(1).slice(0, 20)), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from(line(1).slice(20) + "\n")]);
    for (const [text, s] of cases) {
      const inWorker = await failure(text, s, true);
      const here = await failure(text, s, false);
      expect(inWorker).toBeInstanceOf(AppError);
      expect(here).toBeInstanceOf(AppError);
      expect({ message: inWorker.message, issues: (inWorker as AppError).issues, code: (inWorker as AppError).code }).toEqual({
        message: here.message, issues: (here as AppError).issues, code: (here as AppError).code,
      });
    }
    const decode = async (inWorker: boolean) => {
      try {
        for await (const _ of readCsvTickets(Readable.from([bad]), spec(), inWorker)) void _;
      } catch (e) {
        return e as CsvDecodeError;
      }
      throw new Error("no decoding error");
    };
    const [w, h] = [await decode(true), await decode(false)];
    expect(w).toBeInstanceOf(CsvDecodeError);
    expect({ line: w.line, column: w.column, encoding: w.encoding, message: w.message }).toEqual({ line: h.line, column: h.column, encoding: h.encoding, message: h.message });
    // the malformed row is the second: named by the record it failed in, however far the loop had got
    expect((await failure(cases[1][0], cases[1][1], true)) as AppError).toMatchObject({ issues: [{ path: "tickets.1" }] });
    expect((await failure(cases[1][0], cases[1][1], false)) as AppError).toMatchObject({ issues: [{ path: "tickets.1" }] });
    expect((await failure(cases[2][0], cases[2][1], true)).message).toMatch(/line 2/);
    expect(readerWorkersRunning()).toBe(0);
  });

  it("reads at most a few chunks ahead of the writes, and stops when the import stops early", async () => {
    const rows = Array.from({ length: 20 * chunkRows }, (_, i) => line(i));
    const { source, read, total } = counted(file(rows));
    const reader = readCsvTickets(source, spec(), true);
    const first = await reader.next();
    expect(first.done).toBe(false);
    // the writer is slow: the worker fills what it may send ahead, then waits
    await new Promise((r) => setTimeout(r, 1500));
    const perChunk = total / 20;
    expect(read.bytes).toBeLessThan(6 * perChunk);
    expect(readerWorkersRunning()).toBe(1);
    await reader.return(undefined as never);
    expect(readerWorkersRunning()).toBe(0);
    expect(read.bytes).toBeLessThan(total);
  });
});

describe("an import read in a worker", () => {
  const count = async () => (await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`))[0].n;

  it("writes what an import read here writes", async () => {
    const rows = Array.from({ length: chunkRows + 5 }, (_, i) => line(i));
    const a = await importTicketsCsv(t.database.db, now, "test", counted(file(rows)).source, { readInWorker: true, sourceName: "worker" });
    expect(a).toEqual({ received: chunkRows + 5, inserted: chunkRows + 5, updated: 0 });
    const stored = await t.database.db.all(sql`SELECT id, kind, service_id, priority, summary, opened_at, resolved_at, content_hash FROM tickets ORDER BY id`);
    // the same file read here changes nothing: every content hash equal
    const b = await importTicketsCsv(t.database.db, now, "test", counted(file(rows)).source, { readInWorker: false, sourceName: "here" });
    expect(b).toEqual({ received: chunkRows + 5, inserted: 0, updated: 0 });
    expect(await t.database.db.all(sql`SELECT id, kind, service_id, priority, summary, opened_at, resolved_at, content_hash FROM tickets ORDER BY id`)).toEqual(stored);
  });

  it("writes nothing of a file whose id repeats in a later chunk, and stops its worker", async () => {
    const before = await count();
    const rows = Array.from({ length: 3 * chunkRows }, (_, i) => line(900_000 + (i === 2 * chunkRows + 3 ? 1 : i)));
    await expect(importTicketsCsv(t.database.db, now, "test", counted(file(rows)).source, { readInWorker: true })).rejects.toThrow(/duplicate/);
    expect(await count()).toBe(before);
    expect(readerWorkersRunning()).toBe(0);
  });

  it("reports a preset's dry run as reading here does", async () => {
    const mapping = withOverrides(presetMapping("servicenow"), { timezone: "Europe/Berlin", service: "it-helpdesk" });
    const text = serviceNow;
    const inWorker = await importMappedTickets(t.database.db, now, "test", counted(text).source, { mapping, dryRun: true, readInWorker: true });
    const here = await importMappedTickets(t.database.db, now, "test", counted(text).source, { mapping, dryRun: true, readInWorker: false });
    expect(inWorker).toEqual(here);
    expect(here.dry_run && here.unmapped_columns).toContain("u_business_service");
    expect(here).toMatchObject({ dry_run: true, rows: 3, refused: 1, inserted: 2 });
  });

  it("is how the API reads an uploaded file of workerReadBytes or more, and only such a file", async () => {
    const rows: string[] = [];
    let i = 500_000;
    while (rows.length * 98 < workerReadBytes) rows.push(line(i++));
    const text = file(rows);
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(workerReadBytes);
    const post = (body: string) => t.request("/api/v1/tickets", { method: "POST", body, headers: { "content-type": "text/csv" }, role: "ingest" });
    const started = readerWorkersStarted();
    const res = await post(text);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: rows.length, inserted: rows.length, updated: 0 });
    expect(readerWorkersStarted()).toBe(started + 1);
    const small = await post(file([line(1)]));
    expect(small.status).toBe(200);
    expect(readerWorkersStarted()).toBe(started + 1);
  });
});

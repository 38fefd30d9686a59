// Hostile and malformed input on every ingest write endpoint, over real HTTP: each gets a clear 4xx that names
// the problem (or a 200 where the input is in fact valid and is stored literally), the server stays up, and a
// rejected request leaves every stored row exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxBatchItems, ticketFields } from "../../server/contract/index.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { fingerprint, listen, sendEarlyAnswered, type RunningServer } from "../reliability/support.js";

let t: TestApp;
let http: RunningServer;
let token: string;
/** the answers to the valid requests that seed the data */
const seeded: { status: number; json: unknown }[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  http = await listen(t);
  token = await t.token("ingest");
  // data for the fingerprint to guard
  for (const res of [
    await send("POST", "/api/v1/tickets", "application/json", JSON.stringify({ tickets: Array.from({ length: 40 }, (_, i) => ticket(i)) })),
    await send("POST", "/api/v1/metrics", "application/json", JSON.stringify({ samples: [sample({ value: 99.9 }), sample({ service: "email", value: 99.5 })] })),
    await send("POST", "/api/v1/activities", "application/json", JSON.stringify({ activities: [activity({ id: "drill-1" }), activity({ id: "training-1", type: "training" })] })),
    await send("DELETE", "/api/v1/tickets/IT-2026-000039?reason=duplicate"),
  ])
    seeded.push({ status: res.status, json: res.json });
});
afterAll(async () => {
  await http.close();
  t.close();
});

type Body = string | Uint8Array | ReadableStream<Uint8Array> | undefined;

async function send(method: string, path: string, contentType?: string, body?: Body) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (contentType) headers["content-type"] = contentType;
  const { status, text } = await sendEarlyAnswered(http.base, method, path, headers, body);
  let json: { error?: string; message?: string; issues?: { path: string; message: string }[]; received?: number } = {};
  try {
    json = JSON.parse(text);
  } catch {
    // asserted below: every answer of the API is JSON
  }
  return { status, text, json };
}

function sample(overrides: Record<string, unknown> = {}) {
  return { metric: "availability", service: null, at: "2026-10-31T00:00:00Z", value: 99.95, unit: "%", ...overrides };
}
function activity(overrides: Record<string, unknown> = {}) {
  return { type: "emergency_drill", date: "2026-09-15", service: "email", title: "failover drill", outcome: "ok", score: 90, ...overrides };
}

interface Case {
  name: string;
  contentType?: string;
  body: () => Body;
  status: number;
  error: string;
  /** an issue with exactly this path, or (when no issues are expected) a phrase of the message */
  path?: string;
  says?: RegExp;
}

const mb50 = 50 * 1024 * 1024;
const json = (v: unknown) => () => JSON.stringify(v);
const raw = (s: string) => () => s;

/** A 50 MB body sent in chunks without a Content-Length: the limit must count bytes as they arrive. */
function chunked50mb(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= 50) return controller.close();
      sent++;
      controller.enqueue(chunk);
    },
  });
}

/** Inputs every JSON batch endpoint must refuse, whatever its items look like. */
function envelopeCases(key: string, valid: Record<string, unknown>): Case[] {
  const many = Array.from({ length: maxBatchItems + 1 }, () => valid);
  return [
    { name: "invalid JSON", body: raw("{"), status: 400, error: "invalid", path: "", says: /malformed JSON/ },
    { name: "truncated JSON", body: raw(`{"${key}":[{"a":1`), status: 400, error: "invalid", says: /malformed JSON/ },
    { name: "an empty body", body: raw(""), status: 400, error: "invalid", says: /malformed JSON/ },
    { name: "bytes that are not UTF-8 in a string", body: () => Buffer.concat([Buffer.from(`{"${key}":[{"id":"`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"}]}')]), status: 400, error: "invalid", says: /not UTF-8/ },
    { name: "JSON with a trailing comma", body: raw(`{"${key}":[],}`), status: 400, error: "invalid", says: /malformed JSON/ },
    { name: "JSON with comments", body: raw(`{/* hi */"${key}":[]}`), status: 400, error: "invalid", says: /malformed JSON/ },
    { name: "NaN as a bare JSON token", body: raw(`{"${key}":[NaN]}`), status: 400, error: "invalid", says: /malformed JSON/ },
    { name: "null as the body", body: json(null), status: 400, error: "invalid", path: "" },
    { name: "an array as the body", body: json([valid]), status: 400, error: "invalid", path: "" },
    { name: "a string as the body", body: json(key), status: 400, error: "invalid", path: "" },
    { name: "a number as the body", body: json(42), status: 400, error: "invalid", path: "" },
    { name: "an object instead of the list", body: json({ [key]: valid }), status: 400, error: "invalid", path: key },
    { name: "a misspelled key", body: json({ [`${key}x`]: [valid] }), status: 400, error: "invalid", path: key },
    { name: "an unknown top-level key", body: json({ [key]: [valid], dryRun: true }), status: 400, error: "invalid", path: "" },
    { name: "a __proto__ key", body: raw(`{"${key}":[],"__proto__":{"admin":true}}`), status: 400, error: "invalid", path: "" },
    { name: "a null item", body: json({ [key]: [valid, null] }), status: 400, error: "invalid", path: `${key}.1` },
    { name: "a string item", body: json({ [key]: ["DROP TABLE tickets"] }), status: 400, error: "invalid", path: `${key}.0` },
    { name: "deeply nested arrays", body: () => `{"${key}":${"[".repeat(100_000)}${"]".repeat(100_000)}}`, status: 400, error: "invalid", path: `${key}.0` },
    { name: `a ${maxBatchItems + 1}-item batch`, body: json({ [key]: many }), status: 400, error: "invalid", path: key, says: /at most 10000/ },
    { name: "a 50 MB body", body: () => new Uint8Array(mb50).fill(0x20), status: 413, error: "too_large", says: /too large/ },
    { name: "a 50 MB body without Content-Length", body: chunked50mb, status: 413, error: "too_large", says: /too large/ },
    { name: "Content-Type text/plain", contentType: "text/plain", body: json({ [key]: [valid] }), status: 415, error: "unsupported_media_type", says: /application\/json/ },
    { name: "no Content-Type", contentType: "", body: () => new TextEncoder().encode(JSON.stringify({ [key]: [valid] })), status: 415, error: "unsupported_media_type", says: /application\/json/ },
    { name: "Content-Type application/xml", contentType: "application/xml", body: raw(`<${key}/>`), status: 415, error: "unsupported_media_type" },
    { name: "a form post", contentType: "application/x-www-form-urlencoded", body: raw(`${key}=1`), status: 415, error: "unsupported_media_type" },
  ];
}

/** One bad field in the second item of a two-item batch: the whole batch is refused and the field is named. */
function itemCases(key: string, valid: Record<string, unknown>, bad: [name: string, field: string, value: unknown][]): Case[] {
  return bad.map(([name, field, value]) => {
    const item: Record<string, unknown> = { ...valid };
    if (value === undefined) delete item[field];
    else item[field] = value;
    return { name, body: json({ [key]: [valid, item] }), status: 400, error: "invalid", path: `${key}.1.${field}` };
  });
}

/** 1e999 is valid JSON that parses to Infinity; the endpoint must refuse it as not finite. */
const withInfinity = (key: string, valid: Record<string, unknown>, field: string, sign = "") => () =>
  JSON.stringify({ [key]: [valid, { ...valid, [field]: 0 }] }).replace(new RegExp(`"${field}":0`), `"${field}":${sign}1e999`);

const validTicket = { ...ticket(1000), id: "HOSTILE-OK" };
const ticketCases: Case[] = [
  ...envelopeCases("tickets", validTicket),
  ...itemCases("tickets", validTicket, [
    ["an unknown kind", "kind", "outage"],
    ["a kind in capitals", "kind", "INCIDENT"],
    ["an unknown priority", "priority", "critical"],
    ["a numeric id", "id", 123],
    ["an empty id", "id", ""],
    ["a 65-character id", "id", "X".repeat(65)],
    ["a missing id", "id", undefined],
    ["a missing kind", "kind", undefined],
    ["a missing service", "service", undefined],
    ["a blank service", "service", "   "],
    ["a missing opened_at", "opened_at", undefined],
    ["an impossible date 2026-02-30", "opened_at", "2026-02-30T10:00:00Z"],
    ["29 February of a common year", "opened_at", "2026-02-29T10:00:00Z"],
    ["hour 25", "opened_at", "2026-03-01T25:00:00Z"],
    ["month 13", "resolved_at", "2026-13-01T08:00:00Z"],
    ["an instant without offset", "opened_at", "2026-03-01T08:00:00"],
    ["a date without time", "opened_at", "2026-03-01"],
    ["an offset of +25:00", "first_response_at", "2026-03-01T08:00:00+25:00"],
    ["an epoch number for a time", "opened_at", 1767225600000],
    ["'yesterday' as a time", "closed_at", "yesterday"],
    ['the string "NaN" as a number', "on_hold_minutes", "NaN"],
    ['the string "Infinity" as a number', "on_hold_minutes", "Infinity"],
    ["negative on-hold minutes", "on_hold_minutes", -5],
    ["satisfaction 4.5", "satisfaction", 4.5],
    ["satisfaction 6", "satisfaction", 6],
    ["satisfaction 0", "satisfaction", 0],
    ['complex "yes"', "complex", "yes"],
    ["an operator object as summary", "summary", { $ne: null }],
    ["a summary of 10,001 characters", "summary", "x".repeat(10_001)],
    ["a NUL character in the id", "id", "IT-1\u0000DROP"],
    ["an unpaired surrogate in the summary", "summary", "broken \ud800 text"],
  ]),
  { name: "an unknown field", body: json({ tickets: [validTicket, { ...validTicket, status: "open" }] }), status: 400, error: "invalid", path: "tickets.1" },
  { name: "1e999 (Infinity) on-hold minutes", body: withInfinity("tickets", validTicket, "on_hold_minutes"), status: 400, error: "invalid", path: "tickets.1.on_hold_minutes" },
  { name: "-1e999 (-Infinity) satisfaction", body: withInfinity("tickets", validTicket, "satisfaction", "-"), status: 400, error: "invalid", path: "tickets.1.satisfaction" },
  {
    name: "one bad ticket among 999 good ones",
    body: json({ tickets: [...Array.from({ length: 998 }, (_, i) => ticket(5000 + i)), { ...validTicket, kind: "outage" }, ticket(6000)] }),
    status: 400,
    error: "invalid",
    path: "tickets.998.kind",
  },
];

const csvHeader = "id,kind,service,priority,opened_at,resolved_at,satisfaction,summary";
const csvRow = (id: string, extra: Partial<Record<"kind" | "opened_at" | "satisfaction" | "summary", string>> = {}) =>
  [id, extra.kind ?? "incident", "email", "general", extra.opened_at ?? "2026-10-01T08:00:00+08:00", "2026-10-01T09:00:00+08:00", extra.satisfaction ?? "4", extra.summary ?? "printer jam"].join(",");
const csv = (...lines: string[]) => () => lines.join("\n") + "\n";
/** "id,kind,service,opened_at\nGBK-1,incident,邮件,2026-10-01T00:00:00Z\n" as a GBK export would write it */
const gbkFile = () =>
  Buffer.concat([Buffer.from("id,kind,service,opened_at\nGBK-1,incident,"), Buffer.from([0xd3, 0xca, 0xbc, 0xfe]), Buffer.from(",2026-10-01T00:00:00Z\n")]);

const csvCases: Case[] = [
  { name: "a header without opened_at", body: csv("id,kind,service", "C-1,incident,email"), status: 400, error: "invalid", path: "header", says: /"opened_at" is missing/ },
  { name: "a header without id", body: csv("kind,service,opened_at", "incident,email,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "header", says: /"id" is missing/ },
  { name: "an unknown column", body: csv(`${csvHeader},status`, `${csvRow("C-1")},open`), status: 400, error: "invalid", path: "header.8", says: /unknown column "status"/ },
  { name: "a column given twice", body: csv(`${csvHeader},kind`, `${csvRow("C-1")},incident`), status: 400, error: "invalid", path: "header.8", says: /appears twice/ },
  { name: "a row with a missing cell", body: csv(csvHeader, csvRow("C-1"), "C-2,incident,email,general,2026-10-01T08:00:00Z,,4"), status: 400, error: "invalid", says: /columns length is 8, got 7/ },
  { name: "a row with an extra cell", body: csv(csvHeader, `${csvRow("C-1")},surplus`), status: 400, error: "invalid", says: /columns length is 8, got 9/ },
  { name: "an unterminated quote", body: csv(csvHeader, `C-1,incident,email,general,2026-10-01T08:00:00Z,,4,"never closed`), status: 400, error: "invalid", says: /CSV rejected/ },
  { name: "a GBK-encoded file", body: gbkFile, status: 415, error: "unsupported_media_type", says: /not UTF-8/ },
  { name: "a UTF-16 file", body: () => Buffer.from("\ufeff" + csv(csvHeader, csvRow("C-1"))(), "utf16le"), status: 415, error: "unsupported_media_type", says: /not UTF-8/ },
  { name: "binary garbage", body: () => new Uint8Array(4096).map((_, i) => (i * 7919 + 0x80) % 256), status: 415, error: "unsupported_media_type", says: /not UTF-8/ },
  { name: "an empty file", body: raw(""), status: 400, error: "invalid", path: "header", says: /empty/ },
  { name: "an unknown kind in the third row", body: csv(csvHeader, csvRow("C-1"), csvRow("C-2"), csvRow("C-3", { kind: "outage" })), status: 400, error: "invalid", path: "tickets.2.kind" },
  { name: "an impossible date", body: csv(csvHeader, csvRow("C-1", { opened_at: "2026-02-30T08:00:00Z" })), status: 400, error: "invalid", path: "tickets.0.opened_at" },
  { name: "an empty required cell", body: csv(csvHeader, csvRow("C-1", { opened_at: "" })), status: 400, error: "invalid", path: "tickets.0.opened_at" },
  { name: 'satisfaction "NaN"', body: csv(csvHeader, csvRow("C-1", { satisfaction: "NaN" })), status: 400, error: "invalid", path: "tickets.0.satisfaction" },
  { name: 'satisfaction "Infinity"', body: csv(csvHeader, csvRow("C-1", { satisfaction: "Infinity" })), status: 400, error: "invalid", path: "tickets.0.satisfaction" },
  { name: "satisfaction 1e999", body: csv(csvHeader, csvRow("C-1", { satisfaction: "1e999" })), status: 400, error: "invalid", path: "tickets.0.satisfaction" },
  { name: "a NUL byte in a cell", body: csv(csvHeader, csvRow("C-1", { summary: "a\u0000b" })), status: 400, error: "invalid", path: "tickets.0.summary" },
  { name: "a 50 MB file", body: () => new Uint8Array(mb50).fill(0x41), status: 413, error: "too_large", says: /too large/ },
  { name: "a 50 MB file without Content-Length", body: chunked50mb, status: 413, error: "too_large", says: /too large/ },
  { name: "a header in capitals", body: csv("ID,KIND,SERVICE,OPENED_AT", "C-1,incident,email,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "header.0", says: /unknown column "ID"/ },
  { name: "a semicolon-separated file", body: csv("id;kind;service;opened_at", "C-1;incident;email;2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "header.0" },
  { name: "a quote inside an unquoted cell", body: csv(csvHeader, csvRow("C-1", { summary: 'a "quoted" word' })), status: 400, error: "invalid", says: /CSV rejected/ },
  { name: "a 65-character id", body: csv(csvHeader, csvRow("C".repeat(65))), status: 400, error: "invalid", path: "tickets.0.id" },
  { name: "an unknown priority", body: csv("id,kind,service,priority,opened_at", "C-1,incident,email,critical,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "tickets.0.priority" },
  { name: 'complex "maybe"', body: csv("id,kind,service,complex,opened_at", "C-1,request,email,maybe,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "tickets.0.complex" },
  { name: "negative on-hold minutes", body: csv("id,kind,service,on_hold_minutes,opened_at", "C-1,request,email,-5,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "tickets.0.on_hold_minutes" },
  { name: "satisfaction 4.5", body: csv(csvHeader, csvRow("C-1", { satisfaction: "4.5" })), status: 400, error: "invalid", path: "tickets.0.satisfaction" },
  { name: "an instant without offset", body: csv(csvHeader, csvRow("C-1", { opened_at: "2026-10-01 08:00:00" })), status: 400, error: "invalid", path: "tickets.0.opened_at" },
  { name: "an empty service cell", body: csv("id,kind,service,opened_at", "C-1,incident,,2026-10-01T08:00:00Z"), status: 400, error: "invalid", path: "tickets.0.service" },
  { name: "Content-Type application/csv", contentType: "application/csv", body: csv(csvHeader, csvRow("C-1")), status: 415, error: "unsupported_media_type", says: /text\/csv/ },
  { name: "Content-Type text/tab-separated-values", contentType: "text/tab-separated-values", body: csv(csvHeader.replaceAll(",", "\t")), status: 415, error: "unsupported_media_type" },
].map((c) => ({ contentType: "text/csv", ...c }));

const validSample = sample({ at: "2026-11-01T00:00:00Z" });
const metricCases: Case[] = [
  ...envelopeCases("samples", validSample),
  ...itemCases("samples", validSample, [
    ['value "NaN"', "value", "NaN"],
    ['value "Infinity"', "value", "Infinity"],
    ['value "99.5" as a string', "value", "99.5"],
    ["value null", "value", null],
    ["a missing value", "value", undefined],
    ["a boolean value", "value", true],
    ["an empty metric name", "metric", ""],
    ["a 65-character metric name", "metric", "m".repeat(65)],
    ["a missing metric", "metric", undefined],
    ["at 2026-02-30", "at", "2026-02-30T00:00:00Z"],
    ["at without offset", "at", "2026-11-01T00:00:00"],
    ["a missing at", "at", undefined],
    ["a 33-character unit", "unit", "u".repeat(33)],
    ["a NUL in the service", "service", "email\u0000"],
  ]),
  { name: "value 1e999 (Infinity)", body: withInfinity("samples", validSample, "value"), status: 400, error: "invalid", path: "samples.1.value" },
  { name: "value -1e999 (-Infinity)", body: withInfinity("samples", validSample, "value", "-"), status: 400, error: "invalid", path: "samples.1.value" },
  { name: "an unknown field", body: json({ samples: [validSample, { ...validSample, quality: "good" }] }), status: 400, error: "invalid", path: "samples.1" },
];

const validActivity = activity({ id: "hostile-ok" });
const activityCases: Case[] = [
  ...envelopeCases("activities", validActivity),
  ...itemCases("activities", validActivity, [
    ["a type with spaces", "type", "Emergency Drill"],
    ["a type in capitals", "type", "EMERGENCY_DRILL"],
    ["a type with SQL in it", "type", "drill'; DROP TABLE activities; --"],
    ["a missing type", "type", undefined],
    ["date 2026-02-30", "date", "2026-02-30"],
    ["date 2026-13-01", "date", "2026-13-01"],
    ["date 'yesterday'", "date", "yesterday"],
    ["a missing date", "date", undefined],
    ["score 101", "score", 101],
    ["score -1", "score", -1],
    ['score "NaN"', "score", "NaN"],
    ["a 65-character id", "id", "a".repeat(65)],
    ["a numeric id", "id", 7],
    ["an unpaired surrogate in the title", "title", "\udc00 drill"],
  ]),
  { name: "score 1e999 (Infinity)", body: withInfinity("activities", validActivity, "score"), status: 400, error: "invalid", path: "activities.1.score" },
  { name: "an unknown field", body: json({ activities: [validActivity, { ...validActivity, approved: true }] }), status: 400, error: "invalid", path: "activities.1" },
];

interface DeleteCase extends Case {
  target: string;
}
const del = (name: string, target: string, status: number, error: string, extra: Partial<DeleteCase> = {}): DeleteCase => ({
  name,
  target,
  status,
  error,
  body: () => undefined,
  ...extra,
});
const deleteCases: DeleteCase[] = [
  del("no reason", "IT-2026-000001", 400, "invalid", { path: "reason" }),
  del("an empty reason", "IT-2026-000001?reason=", 400, "invalid", { path: "reason" }),
  del("a blank reason", "IT-2026-000001?reason=%20%20%20", 400, "invalid", { path: "reason" }),
  del("invalid JSON", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: raw("{"), says: /malformed JSON/ }),
  del("an empty JSON body", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: raw(""), says: /malformed JSON/ }),
  del("a numeric reason", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: 5 }), path: "reason" }),
  del("a null reason", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: null }), path: "reason" }),
  del("an array reason", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: ["dup"] }), path: "reason" }),
  del("a blank JSON reason", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: "  " }), path: "reason" }),
  del("an unknown field", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: "dup", hard: true }), path: "" }),
  del("a JSON array body", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json(["dup"]), path: "" }),
  del("a reason of 1,001 characters", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: "r".repeat(1001) }), path: "reason" }),
  del("a NUL in the reason", "IT-2026-000001?reason=dup%00licate", 400, "invalid", { path: "reason" }),
  del("an unpaired surrogate in the reason", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: raw('{"reason":"\\ud800"}'), path: "reason" }),
  del("a 50 MB body", "IT-2026-000001", 413, "too_large", { contentType: "application/json", body: () => new Uint8Array(mb50).fill(0x20), says: /too large/ }),
  del("a 50 MB body without Content-Length", "IT-2026-000001", 413, "too_large", { contentType: "application/json", body: chunked50mb, says: /too large/ }),
  del("an unknown ticket", "NO-SUCH-TICKET?reason=dup", 404, "not_found", { says: /NO-SUCH-TICKET/ }),
  del("a ticket deleted already", "IT-2026-000039?reason=dup", 404, "not_found", { says: /IT-2026-000039/ }),
  del("an id that is SQL: ' OR '1'='1", `${encodeURIComponent("x' OR '1'='1")}?reason=dup`, 404, "not_found"),
  del("an id that is SQL: 1; DELETE FROM tickets", `${encodeURIComponent("1; DELETE FROM tickets; --")}?reason=dup`, 404, "not_found"),
  del("a LIKE wildcard id %", `${encodeURIComponent("%")}?reason=dup`, 404, "not_found"),
  del("a LIKE wildcard id _", `${encodeURIComponent("IT-2026-00000_")}?reason=dup`, 404, "not_found"),
  del("a glob id *", `${encodeURIComponent("*")}?reason=dup`, 404, "not_found"),
  del("a path traversal id", `${encodeURIComponent("../../etc/passwd")}?reason=dup`, 404, "not_found"),
  del("a NUL id", `${encodeURIComponent("IT-2026-000001\u0000")}?reason=dup`, 404, "not_found"),
  del("an HTML id", `${encodeURIComponent("<script>alert(1)</script>")}?reason=dup`, 404, "not_found"),
  del("a reason given as form data", "IT-2026-000001", 400, "invalid", { contentType: "application/x-www-form-urlencoded", body: raw("reason=dup"), path: "reason" }),
  del("a reason given as text/plain", "IT-2026-000001", 400, "invalid", { contentType: "text/plain", body: raw("dup"), path: "reason" }),
  del("a reason under the wrong key", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ why: "dup" }), path: "" }),
  del("a reason as a nested object", "IT-2026-000001", 400, "invalid", { contentType: "application/json", body: json({ reason: { text: "dup" } }), path: "reason" }),
];

async function expectRejected(c: Case, method: string, path: string) {
  const before = await fingerprint(t.database);
  const res = await send(method, path, c.contentType === undefined ? "application/json" : c.contentType || undefined, c.body());
  expect(res.status, res.text.slice(0, 300)).toBe(c.status);
  expect(res.json.error).toBe(c.error);
  expect(res.json.message?.length).toBeGreaterThan(5);
  if (c.path !== undefined) expect(res.json.issues?.map((i) => i.path)).toContain(c.path);
  if (c.says) expect(res.json.message).toMatch(c.says);
  expect(await fingerprint(t.database)).toEqual(before);
}

describe("hostile input is refused with a 4xx naming the problem, and nothing changes", () => {
  it("accepts the valid requests the hostile cases are made from (the endpoints do not refuse everything)", () => {
    expect(seeded.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(seeded[0].json).toEqual({ received: 40, inserted: 40, updated: 0 });
  });

  describe("POST /api/v1/tickets (JSON)", () => {
    it.each(ticketCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectRejected(c, "POST", "/api/v1/tickets"));
  });
  describe("POST /api/v1/tickets (text/csv)", () => {
    it.each(csvCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectRejected(c, "POST", "/api/v1/tickets"));
  });
  describe("POST /api/v1/metrics", () => {
    it.each(metricCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectRejected(c, "POST", "/api/v1/metrics"));
  });
  describe("POST /api/v1/activities", () => {
    it.each(activityCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectRejected(c, "POST", "/api/v1/activities"));
  });
  describe("DELETE /api/v1/tickets/:id", () => {
    it.each(deleteCases.map((c) => [c.name, c] as const))("%s", (_name, c) => expectRejected({ ...c, contentType: c.contentType ?? "" }, "DELETE", `/api/v1/tickets/${c.target}`));
  });

  it("the server is still up and the seeded data is intact", async () => {
    const health = await fetch(`${http.base}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const counts = (await fingerprint(t.database)).counts;
    expect([counts.tickets, counts.metric_samples, counts.activities]).toEqual([40, 2, 2]);
  });
});

describe("CSV headers that would swamp the server are refused early, with a short answer", () => {
  const known = "id,kind,service,opened_at";

  it("a 1,000,000-column header: 400 naming the header, in a few hundred bytes", async () => {
    const before = await fingerprint(t.database);
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(",");
    const res = await send("POST", "/api/v1/tickets", "text/csv", `${header}\nC-1\n`);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: "invalid",
      message: "CSV header rejected: the header line is longer than 65536 characters; it must be one row of field names; nothing was written",
      issues: [{ path: "header", message: "longer than 65536 characters" }],
    });
    expect(res.text.length).toBeLessThan(1000);
    expect(await fingerprint(t.database)).toEqual(before);
  });

  it("more columns than a ticket could have: 400 naming the count", async () => {
    const header = [known, ...Array.from({ length: 196 }, (_, i) => `extra${i}`)].join(",");
    const res = await send("POST", "/api/v1/tickets", "text/csv", `${header}\n`);
    expect([res.status, res.json]).toEqual([
      400,
      { error: "invalid", message: `CSV header rejected: 200 columns; a ticket has ${ticketFields.length} fields, so at most 100 columns are read; nothing was written`, issues: [{ path: "header", message: "200 columns (at most 100)" }] },
    ]);
  });

  it("names at most 20 unknown columns, then how many more", async () => {
    const header = [known, ...Array.from({ length: 30 }, (_, i) => `extra${i}`)].join(",");
    const res = await send("POST", "/api/v1/tickets", "text/csv", `${header}\nC-1,incident,email,2026-10-01T08:00:00Z${",x".repeat(30)}\n`);
    expect(res.status).toBe(400);
    expect(res.json.issues).toHaveLength(21);
    expect(res.json.issues?.[0]).toEqual({ path: "header.4", message: `unknown column "extra0"; columns are ${ticketFields.join(", ")}` });
    expect(res.json.issues?.[19]?.path).toBe("header.23");
    expect(res.json.issues?.[20]).toEqual({ path: "header", message: "and 10 more unknown or repeated columns" });
    expect(res.json.message).toMatch(/^CSV header rejected: header\.4: unknown column "extra0"; .*; and 27 more$/);
  });

  it("a CSV with only a header row is refused, not recorded as an empty batch", async () => {
    const before = await fingerprint(t.database);
    const res = await send("POST", "/api/v1/tickets", "text/csv", `${known}\n\n`);
    expect([res.status, res.json]).toEqual([
      400,
      { error: "invalid", message: "CSV rejected: the file has a header row but no tickets; nothing was written", issues: [{ path: "tickets", message: "no rows after the header" }] },
    ]);
    expect(await fingerprint(t.database)).toEqual(before);
  });
});

describe("input that looks hostile but is valid is stored literally, not executed", () => {
  const literal = [
    "'; DROP TABLE tickets; --",
    "Robert'); DELETE FROM audit_trail WHERE ('1'='1",
    "<script>alert(document.cookie)</script>",
    '<img src=x onerror="alert(1)">',
    "\" onmouseover=\"alert(1)",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "‮gnp.exe\u0007 \t tab, bell and right-to-left override",
    "打印机卡纸 🖨️ ∑",
  ];

  it("JSON tickets with SQL and HTML in every text field", async () => {
    const items = literal.map((s, i) => ticket(7000 + i, { id: `LIT-${i}-${s}`.slice(0, 64), summary: s, assignee: s, resolution: s, channel: s.slice(0, 64), category: s.slice(0, 64), service: `svc ${s}`.slice(0, 64) }));
    const res = await send("POST", "/api/v1/tickets", "application/json", JSON.stringify({ tickets: items }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: literal.length, inserted: literal.length, updated: 0 });
    const rows = await t.database.client.execute("SELECT t.id, t.summary, t.assignee, t.resolution, s.key AS service FROM tickets t JOIN services s ON s.id = t.service_id WHERE t.id LIKE 'LIT-%' ORDER BY t.opened_at");
    expect(rows.rows.map((r) => [r.id, r.summary, r.assignee, r.resolution, r.service])).toEqual(items.map((i) => [i.id, i.summary, i.assignee, i.resolution, i.service]));
    const tables = await t.database.client.execute("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('tickets', 'audit_trail')");
    expect(tables.rows[0].n).toBe(2);
  });

  it("CSV with a byte-order mark, CRLF lines, quoted newlines, commas and quotes", async () => {
    const body =
      "\ufeffid,kind,service,opened_at,summary,resolution\r\n" +
      'CSV-LIT-1,incident,email,2026-10-02T08:00:00Z,"line one\nline two","said ""hi"", then left"\r\n' +
      `CSV-LIT-2,request,email,2026-10-02T09:00:00Z,"<script>alert(1)</script>","'; DROP TABLE tickets; --"\r\n`;
    const res = await send("POST", "/api/v1/tickets", "text/csv; charset=utf-8", body);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ received: 2, inserted: 2, updated: 0 });
    const rows = await t.database.client.execute("SELECT id, summary, resolution FROM tickets WHERE id LIKE 'CSV-LIT-%' ORDER BY id");
    expect(rows.rows.map((r) => [r.id, r.summary, r.resolution])).toEqual([
      ["CSV-LIT-1", "line one\nline two", 'said "hi", then left'],
      ["CSV-LIT-2", "<script>alert(1)</script>", "'; DROP TABLE tickets; --"],
    ]);
  });


  it("metrics and activities with hostile names, and a delete with a hostile reason", async () => {
    const m = await send("POST", "/api/v1/metrics", "application/json", JSON.stringify({ samples: [sample({ metric: "avail'; DROP TABLE metric_samples;--", service: "<b>svc</b>", unit: "<i>%</i>" })] }));
    expect([m.status, m.json]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    const a = await send("POST", "/api/v1/activities", "application/json", JSON.stringify({ activities: [activity({ id: "x' OR 1=1 --", title: "<script>x()</script>", outcome: "'); DROP TABLE activities;--" })] }));
    expect([a.status, a.json]).toEqual([200, { received: 1, inserted: 1, updated: 0 }]);
    const d = await send("DELETE", `/api/v1/tickets/${encodeURIComponent("LIT-0-'; DROP TABLE tickets; --")}?reason=${encodeURIComponent("<script>alert(1)</script>")}`);
    expect(d.status).toBe(200);
    const metric = await t.database.client.execute("SELECT metric, unit FROM metric_samples WHERE metric LIKE 'avail''%'");
    expect(metric.rows.map((r) => [r.metric, r.unit])).toEqual([["avail'; DROP TABLE metric_samples;--", "<i>%</i>"]]);
    const act = await t.database.client.execute({ sql: "SELECT title, outcome FROM activities WHERE id = ?", args: ["x' OR 1=1 --"] });
    expect(act.rows.map((r) => [r.title, r.outcome])).toEqual([["<script>x()</script>", "'); DROP TABLE activities;--"]]);
    const del = await t.database.client.execute({ sql: "SELECT delete_reason FROM tickets WHERE id = ?", args: ["LIT-0-'; DROP TABLE tickets; --"] });
    expect(del.rows[0].delete_reason).toBe("<script>alert(1)</script>");
  });
});

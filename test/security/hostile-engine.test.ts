// Hostile and malformed input on the audit engine's write endpoints (plans, runs, actions, manual answers,
// attachments, waivers, sign-off), over real HTTP: a clear 4xx naming the problem, and nothing stored changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { fingerprint, listen, sendEarlyAnswered, type RunningServer } from "../reliability/support.js";

let t: TestApp;
let http: RunningServer;
let auditor: string;
let officer: string;
let planId: number;
let runId: number;
let manualRule: string;
let measuredRule: string;

beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
  http = await listen(t);
  auditor = await t.token("auditor");
  officer = await t.token("compliance_officer");
  // October data that fails the urgent-incident rules, so the run raises findings and actions
  const day = (i: number) => `2026-10-${String(1 + (i % 28)).padStart(2, "0")}`;
  const tickets = Array.from({ length: 30 }, (_, i) => ticket(i, { priority: "urgent", opened_at: `${day(i)}T08:00:00Z`, first_response_at: `${day(i)}T12:00:00Z`, resolved_at: `${day(i)}T20:00:00Z` }));
  expect((await t.request("/api/v1/tickets", { ...jsonBody({ tickets }), role: "ingest" })).status).toBe(200);
  const plan = await t.request("/api/v1/plans", { ...jsonBody({ name: "monthly support audit" }), role: "auditor" });
  planId = ((await plan.json()) as { id: number }).id;
  const started = await t.request(`/api/v1/plans/${planId}/runs`, { method: "POST", role: "auditor" });
  runId = ((await started.json()) as { id: number }).id;
  for (;;) {
    const run = (await (await t.request(`/api/v1/runs/${runId}`, { role: "viewer" })).json()) as { status: string; results: { rule_id: string; status: string }[] };
    if (run.status !== "queued" && run.status !== "running") {
      expect(run.status).toBe("completed");
      manualRule = run.results.find((r) => r.status === "pending")!.rule_id;
      measuredRule = run.results.find((r) => r.status === "fail")!.rule_id;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // the run stores its PDF report after it completes: wait for it, or that write would land inside a case below
  for (let waited = 0; ; waited += 50) {
    const stored = await t.database.client.execute({ sql: "SELECT count(*) AS n FROM reports WHERE run_id = ?", args: [runId] });
    if (Number(stored.rows[0].n) > 0) break;
    if (waited > 60_000) throw new Error("the run's report was never stored");
    await new Promise((r) => setTimeout(r, 50));
  }
  expect((await t.request("/api/v1/actions/1", { role: "viewer" })).status).toBe(200);
});
afterAll(async () => {
  await http.close();
  t.close();
});

type Body = string | Uint8Array | ReadableStream<Uint8Array> | FormData | undefined;

interface Case {
  name: string;
  contentType?: string;
  body: () => Body;
  status: number;
  error: string;
  path?: string;
  says?: RegExp;
  /** overrides the endpoint's URL (hostile ids) */
  url?: string;
}

const json = (v: unknown) => () => JSON.stringify(v);
const raw = (s: string) => () => s;
const mb50 = 50 * 1024 * 1024;

function chunked50mb(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= 50) return controller.close();
      controller.enqueue(chunk);
    },
  });
}

/** What no JSON endpoint may accept, whatever its fields. */
function envelope(valid: Record<string, unknown>): Case[] {
  return [
    { name: "invalid JSON", body: raw("{"), status: 400, error: "invalid", says: /malformed JSON|JSON/ },
    { name: "truncated JSON", body: raw('{"name":"x'), status: 400, error: "invalid", says: /JSON/ },
    { name: "an empty body", body: raw(""), status: 400, error: "invalid" },
    { name: "bytes that are not UTF-8 in a string", body: () => Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), status: 400, error: "invalid", says: /not UTF-8/ },
    { name: "a trailing comma", body: raw('{"name":"x",}'), status: 400, error: "invalid", says: /JSON/ },
    { name: "a bare NaN", body: raw('{"value":NaN}'), status: 400, error: "invalid", says: /JSON/ },
    { name: "null as the body", body: json(null), status: 400, error: "invalid" },
    { name: "an array as the body", body: json([valid]), status: 400, error: "invalid" },
    { name: "a string as the body", body: json("DROP TABLE plans"), status: 400, error: "invalid" },
    { name: "a number as the body", body: json(42), status: 400, error: "invalid" },
    { name: "deeply nested arrays", body: () => "[".repeat(50_000) + "]".repeat(50_000), status: 400, error: "invalid" },
    { name: "a 50 MB body", body: () => new Uint8Array(mb50).fill(0x20), status: 413, error: "too_large", says: /too large/ },
    { name: "a 50 MB body without Content-Length", body: chunked50mb, status: 413, error: "too_large", says: /too large/ },
    { name: "Content-Type text/plain", contentType: "text/plain", body: json(valid), status: 415, error: "unsupported_media_type", says: /application\/json/ },
    { name: "no Content-Type", contentType: "", body: () => new TextEncoder().encode(JSON.stringify(valid)), status: 415, error: "unsupported_media_type" },
    { name: "Content-Type application/xml", contentType: "application/xml", body: raw("<plan/>"), status: 415, error: "unsupported_media_type" },
    { name: "a form post", contentType: "application/x-www-form-urlencoded", body: raw("name=x"), status: 415, error: "unsupported_media_type" },
  ];
}

/** One field of an otherwise valid body made bad; the answer names the field. */
function fields(valid: Record<string, unknown>, bad: [name: string, field: string, value: unknown, path?: string][]): Case[] {
  return bad.map(([name, field, value, path]) => {
    const body: Record<string, unknown> = { ...valid };
    if (value === undefined) delete body[field];
    else body[field] = value;
    return { name, body: json(body), status: 400, error: "invalid", path: path ?? field };
  });
}

/** Ids that are not ids: each is a 404 naming what was not found, never a 500 or a match. */
function hostileIds(url: (id: string) => string, body: () => Body = json({})): Case[] {
  return ["abc", "0", "-1", "1.5", "1e3", "0x1", "99999999999999999999", "999999", "1 OR 1=1", "1;DELETE FROM plans", "%00", "%2e%2e"].map((id) => ({
    name: `the id "${decodeURIComponent(id)}"`,
    url: url(id),
    body,
    status: 404,
    error: "not_found",
  }));
}

const validPlan = { name: "hostile plan", period: { type: "previous_month" }, timezone: "UTC" };
const planFieldCases = (): Case[] =>
  fields(validPlan, [
    ["a missing name", "name", undefined],
    ["an empty name", "name", ""],
    ["a blank name", "name", "   "],
    ["a name of 201 characters", "name", "n".repeat(201)],
    ["a numeric name", "name", 42],
    ["an unknown period type", "period", { type: "weekly" }, "period.type"],
    ["a custom period on 2026-02-30", "period", { type: "custom", start: "2026-02-30T00:00:00Z", end: "2026-03-31T00:00:00Z" }, "period.start"],
    ["a custom period that ends before it starts", "period", { type: "custom", start: "2026-03-01T00:00:00Z", end: "2026-02-01T00:00:00Z" }, "period.end"],
    ["rolling days 0", "period", { type: "rolling_days", days: 0 }, "period.days"],
    ["rolling days 1.5", "period", { type: "rolling_days", days: 1.5 }, "period.days"],
    ['rolling days "NaN"', "period", { type: "rolling_days", days: "NaN" }, "period.days"],
    ["a threshold that is a string", "thresholds", { "INC-RESP-URGENT": "95" }, "thresholds.INC-RESP-URGENT"],
    ['a threshold "NaN"', "thresholds", { "INC-RESP-URGENT": "NaN" }, "thresholds.INC-RESP-URGENT"],
    ["thresholds as a list", "thresholds", [95], "thresholds"],
    ["rules as a string", "rules", "all", "rules"],
    ["services as a string", "services", "email", "services"],
    ["an unknown time zone", "timezone", "Mars/Olympus_Mons"],
    ["a time zone with SQL in it", "timezone", "UTC'; DROP TABLE plans; --"],
    ["a numeric owner", "owner", 7],
  ]);

const validAction = { status: "in_progress" };
const validAnswer = { answer: "conformant", note: "catalogue published on the intranet" };
const validWaiver = () => ({ rule_id: measuredRule, reason: "tooling migration this month", expires_on: "2026-12-31" });
const validSignoff = { comment: "checked" };

interface Endpoint {
  name: string;
  method: string;
  url: () => string;
  token: () => string;
  cases: () => Case[];
  /**
   * The valid request the cases are made from and the status it gets, sent after them: a refusal is the hostile
   * part's doing, not an endpoint that refuses everything. Left out where a success would change what the
   * endpoints after it answer (a new run, a sign-off that locks the run, an approval).
   */
  valid?: { body: () => Body; status: number };
}

const endpoints: Endpoint[] = [
  {
    name: "POST /api/v1/plans",
    method: "POST",
    url: () => "/api/v1/plans",
    token: () => auditor,
    valid: { body: json(validPlan), status: 201 },
    cases: () => [
      ...envelope(validPlan),
      ...planFieldCases(),
      { name: "an unknown rulebook", body: json({ ...validPlan, rulebook: "sox-404" }), status: 400, error: "invalid", says: /sox-404|rulebook/ },
      { name: "an unknown rule", body: json({ ...validPlan, rules: ["NOPE-1"] }), status: 400, error: "invalid", says: /NOPE-1/ },
      { name: "an unknown field", body: json({ ...validPlan, id: 1 }), status: 400, error: "invalid", path: "" },
      { name: "a __proto__ key", body: raw('{"name":"p","__proto__":{"admin":true}}'), status: 400, error: "invalid", path: "" },
      { name: "a threshold of 1e999 (Infinity)", body: raw('{"name":"p","thresholds":{"INC-RESP-URGENT":1e999}}'), status: 400, error: "invalid", path: "thresholds.INC-RESP-URGENT" },
      { name: "a NUL in the name", body: json({ ...validPlan, name: "plan\u0000" }), status: 400, error: "invalid", path: "name" },
    ],
  },
  {
    name: "PATCH /api/v1/plans/:id",
    method: "PATCH",
    url: () => `/api/v1/plans/${planId}`,
    token: () => auditor,
    valid: { body: json({ name: "renamed" }), status: 200 },
    cases: () => [
      ...envelope({ name: "renamed" }),
      ...planFieldCases().filter((c) => c.name !== "a missing name"),
      { name: "an unknown field", body: json({ deleted_at: null }), status: 400, error: "invalid", path: "" },
      { name: "an unknown rule", body: json({ rules: ["NOPE-1"] }), status: 400, error: "invalid", says: /NOPE-1/ },
      ...hostileIds((id) => `/api/v1/plans/${id}`, json({ name: "renamed" })),
    ],
  },
  {
    name: "POST /api/v1/plans/:id/runs",
    method: "POST",
    url: () => `/api/v1/plans/${planId}/runs`,
    token: () => auditor,
    cases: () => hostileIds((id) => `/api/v1/plans/${id}/runs`, () => undefined),
  },
  {
    name: "PATCH /api/v1/actions/:id",
    method: "PATCH",
    url: () => "/api/v1/actions/1",
    token: () => auditor,
    valid: { body: json(validAction), status: 200 },
    cases: () => [
      ...envelope(validAction),
      ...fields(validAction, [
        ["an unknown status", "status", "closed"],
        ["a status in capitals", "status", "DONE"],
        ["a numeric status", "status", 2],
        ["a due date of 2026-02-30", "due_date", "2026-02-30"],
        ["a due date 'tomorrow'", "due_date", "tomorrow"],
        ["a due date with a time", "due_date", "2026-12-24T00:00:00Z"],
        ["an empty title", "title", ""],
        ["a title of 501 characters", "title", "t".repeat(501)],
        ["a description of 10,001 characters", "description", "d".repeat(10_001)],
        ["an owner of 255 characters", "owner", `${"o".repeat(243)}@example.test`],
        ["a NUL in the description", "description", "fixed\u0000"],
      ]),
      { name: "an unknown field", body: json({ finding_id: 2 }), status: 400, error: "invalid", path: "" },
      ...hostileIds((id) => `/api/v1/actions/${id}`, json(validAction)),
    ],
  },
  {
    name: "PUT /api/v1/runs/:id/answers/:ruleId",
    method: "PUT",
    url: () => `/api/v1/runs/${runId}/answers/${manualRule}`,
    token: () => auditor,
    valid: { body: json(validAnswer), status: 200 },
    cases: () => [
      ...envelope(validAnswer),
      ...fields(validAnswer, [
        ["an unknown answer", "answer", "yes"],
        ["an answer in capitals", "answer", "CONFORMANT"],
        ["a missing answer", "answer", undefined],
        ["a boolean answer", "answer", true],
        ["a numeric note", "note", 5],
        ["a note of 10,001 characters", "note", "n".repeat(10_001)],
        ["an unpaired surrogate in the note", "note", "ok \ud800"],
      ]),
      { name: "nonconformant without a note", body: json({ answer: "nonconformant" }), status: 400, error: "invalid", path: "note" },
      { name: "not applicable with a blank note", body: json({ answer: "not_applicable", note: "   " }), status: 400, error: "invalid", path: "note" },
      { name: "an unknown field", body: json({ ...validAnswer, by: "admin" }), status: 400, error: "invalid", path: "" },
      { name: "a measured rule", url: `/api/v1/runs/__RUN__/answers/__MEASURED__`, body: json(validAnswer), status: 400, error: "invalid", says: /not a manual question/ },
      { name: "an unknown rule", url: `/api/v1/runs/__RUN__/answers/NOPE-1`, body: json(validAnswer), status: 404, error: "not_found" },
      { name: "a rule id that is SQL", url: `/api/v1/runs/__RUN__/answers/${encodeURIComponent("MAN-CATALOGUE' OR '1'='1")}`, body: json(validAnswer), status: 404, error: "not_found" },
      ...hostileIds((id) => `/api/v1/runs/${id}/answers/__MANUAL__`, json(validAnswer)),
    ],
  },
  {
    name: "POST /api/v1/runs/:id/answers/:ruleId/attachments",
    method: "POST",
    url: () => `/api/v1/runs/${runId}/answers/${manualRule}/attachments`,
    token: () => auditor,
    cases: () => {
      const withFile = (bytes: number, name = "evidence.pdf") => () => {
        const data = new FormData();
        data.set("file", new Blob([new Uint8Array(bytes).fill(0x25)], { type: "application/pdf" }), name);
        return data;
      };
      const noFile = () => {
        const data = new FormData();
        data.set("note", "no file here");
        return data;
      };
      return [
        { name: "JSON instead of a file", contentType: "application/json", body: json({ file: "evidence.pdf" }), status: 415, error: "unsupported_media_type", says: /multipart/ },
        { name: "no Content-Type", contentType: "", body: () => new Uint8Array(10), status: 415, error: "unsupported_media_type" },
        { name: "a form without a file", contentType: "multipart", body: noFile, status: 400, error: "invalid", path: "file" },
        { name: "a file over the attachment limit", contentType: "multipart", body: withFile(5 * 1024 * 1024 + 1), status: 413, error: "too_large" },
        { name: "a 50 MB upload", contentType: "multipart", body: withFile(mb50), status: 413, error: "too_large" },
        { name: "a 50 MB upload without Content-Length", contentType: "multipart/form-data; boundary=x", body: chunked50mb, status: 413, error: "too_large" },
        { name: "a measured rule", contentType: "multipart", url: `/api/v1/runs/__RUN__/answers/__MEASURED__/attachments`, body: withFile(10), status: 400, error: "invalid" },
        { name: "an unknown rule", contentType: "multipart", url: `/api/v1/runs/__RUN__/answers/NOPE-1/attachments`, body: withFile(10), status: 404, error: "not_found" },
        ...hostileIds((id) => `/api/v1/runs/${id}/answers/__MANUAL__/attachments`, withFile(10)).map((c) => ({ ...c, contentType: "multipart" })),
      ];
    },
  },
  {
    name: "POST /api/v1/plans/:id/waivers",
    method: "POST",
    url: () => `/api/v1/plans/${planId}/waivers`,
    token: () => auditor,
    valid: { body: () => JSON.stringify(validWaiver()), status: 201 },
    cases: () => [
      ...envelope(validWaiver()),
      ...fields(validWaiver(), [
        ["a missing rule", "rule_id", undefined],
        ["a numeric rule", "rule_id", 1],
        ["a missing reason", "reason", undefined],
        ["a blank reason", "reason", "  "],
        ["a reason of 2,001 characters", "reason", "r".repeat(2001)],
        ["an expiry of 2026-02-30", "expires_on", "2026-02-30", "expires_on"],
        ["an expiry 'never'", "expires_on", "never"],
        ["an expiry with a time", "expires_on", "2026-12-31T00:00:00Z"],
        ["a NUL in the reason", "reason", "because\u0000"],
      ]),
      { name: "an unknown field", body: json({ ...validWaiver(), status: "approved" }), status: 400, error: "invalid", path: "" },
      { name: "a rule the plan does not have", body: json({ ...validWaiver(), rule_id: "NOPE-1" }), status: 400, error: "invalid", says: /NOPE-1/ },
      ...hostileIds((id) => `/api/v1/plans/${id}/waivers`, json(validWaiver())),
    ],
  },
  {
    name: "POST /api/v1/waivers/:id/approve",
    method: "POST",
    url: () => "/api/v1/waivers/1/approve",
    token: () => officer,
    cases: () => hostileIds((id) => `/api/v1/waivers/${id}/approve`),
  },
  {
    name: "POST /api/v1/runs/:id/signoff",
    method: "POST",
    url: () => `/api/v1/runs/${runId}/signoff`,
    token: () => officer,
    cases: () => [
      ...envelope(validSignoff),
      ...fields(validSignoff, [
        // the signer is the signed-in account: any name, even a plausible one, is refused by name
        ["a typed name", "name", "Chen Jing"],
        ["an empty name", "name", ""],
        ["a numeric name", "name", 42],
        ["a comment of 4,001 characters", "comment", "c".repeat(4001)],
        ["a numeric comment", "comment", 3],
        ["a NUL in the comment", "comment", "Chen\u0000Jing"],
      ]),
      ...hostileIds((id) => `/api/v1/runs/${id}/signoff`, json(validSignoff)),
    ],
  },
];

async function send(method: string, url: string, token: string, contentType: string | undefined, body: Body) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (contentType && contentType !== "multipart") headers["content-type"] = contentType;
  const { status, text } = await sendEarlyAnswered(http.base, method, url, headers, body);
  let parsed: { error?: string; message?: string; issues?: { path: string }[] } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    // asserted: every answer is JSON
  }
  return { status, text, json: parsed };
}

const fill = (url: string) => url.replace("__RUN__", String(runId)).replace("__MANUAL__", manualRule).replace("__MEASURED__", measuredRule);

describe("hostile input on the audit engine's endpoints changes nothing", () => {
  for (const endpoint of endpoints) {
    describe(endpoint.name, () => {
      it("refuses every hostile input with a 4xx naming the problem", async () => {
        const wrong: string[] = [];
        const cases = endpoint.cases();
        for (const c of cases) {
          const before = await fingerprint(t.database);
          const contentType = c.contentType === undefined ? "application/json" : c.contentType || undefined;
          const res = await send(endpoint.method, fill(c.url ?? endpoint.url()), endpoint.token(), contentType, c.body());
          const problems: string[] = [];
          if (res.status !== c.status) problems.push(`status ${res.status}`);
          if (res.json.error !== c.error) problems.push(`error ${res.json.error}`);
          if (!res.json.message || res.json.message.length < 6) problems.push("no message");
          if (c.path !== undefined && !res.json.issues?.some((i) => i.path === c.path)) problems.push(`issues ${JSON.stringify(res.json.issues)}`);
          if (c.says && !c.says.test(`${res.json.message} ${JSON.stringify(res.json.issues ?? [])}`)) problems.push(`message "${res.json.message}"`);
          if ((await fingerprint(t.database)).hash !== before.hash) problems.push("stored data changed");
          if (problems.length) wrong.push(`${c.name}: ${problems.join(", ")} — ${res.text.slice(0, 160)}`);
        }
        expect(wrong).toEqual([]);
      });
      const valid = endpoint.valid;
      if (valid) {
        it("accepts the valid request its hostile cases are made from", async () => {
          const res = await send(endpoint.method, fill(endpoint.url()), endpoint.token(), "application/json", valid.body());
          expect(res.status, res.text.slice(0, 300)).toBe(valid.status);
        });
      }
    });
  }

  it("the server is still up", async () => {
    expect(await (await fetch(`${http.base}/healthz`)).json()).toEqual({ status: "ok" });
  });
});

describe("hostile form posts on the pages", () => {
  it("refuses a NUL, a malformed %-sequence and bytes that are not UTF-8 on every form, and nothing changes", async () => {
    const admin = await t.session("admin");
    const posts = [...new Set(t.app.routes.filter((r) => r.method === "POST" && !r.path.startsWith("/api/") && r.path !== "/login" && r.path !== "/logout").map((r) => r.path))];
    expect(posts.length).toBeGreaterThanOrEqual(5);
    const wrong: string[] = [];
    for (const path of posts) {
      const url = fill(path.replace(/:id\b/, String(planId)).replace(/:ruleId\b/, "__MANUAL__"));
      for (const [what, body] of [
        ["a NUL", `_csrf=${admin.csrf}&name=bad%00name&reason=x%00&title=t%00`],
        ["a malformed %-sequence", `_csrf=${admin.csrf}&name=%FF%FE&reason=%E2%82`],
        ["bytes that are not UTF-8", Buffer.concat([Buffer.from(`_csrf=${admin.csrf}&name=`), Buffer.from([0xff, 0xfe])])],
      ] as const) {
        const before = (await fingerprint(t.database)).hash;
        const res = await t.app.request(url, { method: "POST", body: body, headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" } });
        if (res.status !== 400) wrong.push(`${path} (${what}): ${res.status}`);
        if ((await fingerprint(t.database)).hash !== before) wrong.push(`${path} (${what}): stored data changed`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

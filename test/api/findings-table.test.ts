// The findings working table: filters, sort, paging and counts run in SQL; this test recomputes each answer from the
// seeded rows in plain JavaScript and compares. The page shows open findings by default, and the CSV of the current
// filter is formula-neutralised.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, findings, plans } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
const today = "2026-11-24";

type Status = "open" | "resolved_pending_verification" | "closed";
type Severity = "major" | "minor" | "observation";
type ActionStatus = "open" | "in_progress" | "done" | "verified";
interface Seeded {
  id: number;
  planId: number;
  plan: string;
  ruleId: string;
  severity: Severity;
  status: Status;
  actions: { owner: string | null; due: string | null; status: ActionStatus }[];
}
const seeded: Seeded[] = [];
const planNames = ["Quarterly", '=HYPERLINK("http://x"),evil', "Monthly"];
const planIds: number[] = [];

/** A small deterministic generator (LCG), so that the data set is the same on every run. */
function generator(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor(s / 65536) % n;
  };
}

beforeAll(async () => {
  t = await buildTestApp({ now: `${today}T12:00:00Z` });
  const db = t.database.db;
  const now = t.clock.now();
  for (const name of planNames) planIds.push((await db.insert(plans).values({ name, rulebook: "iso20000-support", thresholds: {}, period: { type: "previous_month" }, updatedAt: now }).returning())[0].id);
  const pick = generator(7);
  const statuses: Status[] = ["open", "resolved_pending_verification", "closed"];
  const severities: Severity[] = ["major", "minor", "observation"];
  const rules = ["INC-RESP-URGENT", "REC-COMPLETE", "CSAT-COVERAGE", "MAN-ROLES"];
  const owners = ["ann@example.test", "Bob@Example.test", "100%_owner@example.test", null];
  const dues = ["2026-11-01", "2026-11-23", "2026-11-24", "2026-12-15", null];
  const actionStatuses: ActionStatus[] = ["open", "in_progress", "done", "verified"];
  for (let i = 0; i < 70; i++) {
    const p = pick(3);
    const f = { planId: planIds[p], plan: planNames[p], ruleId: rules[pick(4)], severity: severities[pick(3)], status: statuses[pick(3)] };
    const [row] = await db
      .insert(findings)
      .values({ ...f, grade: "g", title: `${f.ruleId}: t`, description: "d", firstRunId: 1, lastRunId: 1, evidenceIds: [], updatedAt: now })
      .returning();
    const acts = Array.from({ length: 1 + pick(2) }, () => ({ owner: owners[pick(4)], due: dues[pick(5)], status: actionStatuses[pick(4)] }));
    for (const a of acts) await db.insert(actions).values({ findingId: row.id, title: "Remediate", description: "d", owner: a.owner, dueDate: a.due, status: a.status, updatedAt: now });
    seeded.push({ id: row.id, ...f, actions: acts });
  }
});
afterAll(() => t.close());

// ---- the expected answers, computed here without SQL ----
const overdue = (f: Seeded) => f.status === "open" && f.actions.some((a) => a.due !== null && a.due < today && (a.status === "open" || a.status === "in_progress"));
const nextDue = (f: Seeded) =>
  f.actions
    .filter((a) => a.status === "open" || a.status === "in_progress")
    .map((a) => a.due)
    .filter((d): d is string => d !== null)
    .sort()[0] ?? null;
const rank = { severity: { major: 0, minor: 1, observation: 2 }, status: { open: 0, resolved_pending_verification: 1, closed: 2 } };
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

function expected(q: Record<string, string>) {
  const statusOk = (f: Seeded) => (!q.status || q.status === "all" ? true : q.status === "active" ? f.status !== "closed" : f.status === q.status);
  const others = seeded.filter(
    (f) =>
      (!q.plan_id || f.planId === Number(q.plan_id)) &&
      (!q.severity || f.severity === q.severity) &&
      (!q.rule_id || f.ruleId === q.rule_id) &&
      (!q.owner || f.actions.some((a) => a.owner !== null && a.owner.toLowerCase().includes(q.owner.toLowerCase()))) &&
      (!q.overdue || overdue(f)),
  );
  const counts = { open: 0, resolved_pending_verification: 0, closed: 0 };
  for (const f of others) counts[f.status]++;
  const rows = others.filter(statusOk);
  const sign = q.order === "desc" ? -1 : 1;
  const primary = (a: Seeded, b: Seeded): number => {
    switch (q.sort ?? "newest") {
      case "severity":
        return sign * cmp(rank.severity[a.severity], rank.severity[b.severity]);
      case "status":
        return sign * cmp(rank.status[a.status], rank.status[b.status]);
      case "plan":
        return sign * cmp(a.plan, b.plan);
      case "rule":
        return sign * cmp(a.ruleId, b.ruleId);
      case "due": {
        const [x, y] = [nextDue(a), nextDue(b)];
        if (x === null || y === null) return cmp(x === null ? 1 : 0, y === null ? 1 : 0);
        return sign * cmp(x, y);
      }
      default:
        return -sign * cmp(a.id, b.id);
    }
  };
  rows.sort((a, b) => primary(a, b) || b.id - a.id);
  const size = Number(q.page_size ?? 1000);
  const page = Number(q.page ?? 1);
  return { total: rows.length, counts, ids: rows.slice((page - 1) * size, page * size).map((f) => f.id) };
}

describe("GET /api/v1/findings as a working table", () => {
  const queries: Record<string, string>[] = [
    {},
    { status: "active" },
    { status: "closed", sort: "plan" },
    { status: "open", overdue: "1" },
    { owner: "bob@example", sort: "due" },
    { owner: "%_", status: "all" },
    { sort: "due", order: "desc", page_size: "7", page: "2" },
    { sort: "severity", page_size: "10", page: "3" },
    { sort: "status", order: "desc", severity: "minor" },
    { sort: "rule", plan_id: "2", page_size: "5" },
    { sort: "newest", order: "desc", page_size: "9", page: "8" },
    { severity: "major", overdue: "true", sort: "due", order: "desc" },
  ];
  for (const q of queries) {
    it(`matches the independent computation for ${JSON.stringify(q)}`, async () => {
      const res = await t.request(`/api/v1/findings?${new URLSearchParams(q)}`, { role: "viewer" });
      expect(res.status).toBe(200);
      const body = await res.json();
      const want = expected(q);
      expect(want.total).toBeGreaterThan(0);
      expect(body.findings.map((f: { id: number }) => f.id)).toEqual(want.ids);
      expect(body.total).toBe(want.total);
      expect(body.counts).toEqual(want.counts);
      expect(body.page).toBe(Number(q.page ?? 1));
    });
  }

  it("refuses a sort it does not know, naming the parameter", async () => {
    const res = await t.request("/api/v1/findings?sort=owner", { role: "viewer" });
    expect(res.status).toBe(400);
    expect((await res.json()).issues.map((i: { path: string }) => i.path)).toEqual(["sort"]);
  });
});

describe("the /findings page", () => {
  it("shows the findings not closed by default, 25 a page, with the counts by status and a pager", async () => {
    const { cookie } = await t.session("viewer");
    const html = await (await t.app.request("/findings", { headers: { accept: "text/html", cookie } })).text();
    const want = expected({ status: "active", page_size: "25" });
    const shown = [...html.matchAll(/<article class="card finding[^"]*" id="finding-(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toEqual(want.ids);
    expect(html).toContain(`Page 1 of ${Math.ceil(want.total / 25)}`);
    expect(html).toContain(`Closed: <span class="count">${want.counts.closed}</span>`);
    expect(html).toContain('<option value="active" selected="">Not closed</option>');
  });

  it("exports the current filter as CSV, every finding of it (not only a page), formulas neutralised", async () => {
    const { cookie } = await t.session("viewer");
    const plan = planIds[1];
    const res = await t.app.request(`/findings.csv?status=all&plan=${plan}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith("\uFEFFFinding,Plan,Rule,Severity,Status,Title,Runs seen in,Latest run,Action,Action status,Owner,Due,Overdue\r\n")).toBe(true);
    const lines = text.slice(1).split("\r\n").filter(Boolean).slice(1);
    const mine = seeded.filter((f) => f.planId === plan);
    expect(lines).toHaveLength(mine.reduce((n, f) => n + f.actions.length, 0));
    // the plan's name would run as a formula in a spreadsheet: it is quoted, with a leading apostrophe
    for (const line of lines) expect(line.split(",")[1]).toBe(`"'=HYPERLINK(""http://x"")`);
    expect(lines[0]).toContain(`"'=HYPERLINK(""http://x""),evil"`);
    const newest = mine.sort((a, b) => b.id - a.id)[0];
    expect(lines[0].startsWith(`${newest.id},`)).toBe(true);
  });
});

// The README's example organisation rulebook, end to end: it lints, imports and passes its own fixture tests through
// the command line, then a plan of the real HTTP server judges with it: results as its fixtures expect, the run
// records the version, and the PDF names the user-written rule in both languages.
import { serve, type ServerType } from "@hono/node-server";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "../../audits/run-executor.js";
import type { Role } from "../../server/db/schema.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { repoRoot, runCli } from "../support/cli.js";
import { pdfText, saveArtifact } from "../reports/pdf-tools.js";

const example = join(repoRoot, "audits/rulebooks/examples/acme-support.yaml");
const fixtures = join(repoRoot, "audits/rulebooks/examples/acme-fixtures");
const readFixture = (name: string) => JSON.parse(readFileSync(join(fixtures, name), "utf8"));

let t: TestApp;
let server: ServerType;
let base: string;
const pending: Promise<unknown>[] = [];

beforeAll(async () => {
  const holder: { t?: TestApp } = {};
  t = await buildTestApp({ startRun: (id) => pending.push(executeRun(holder.t!.database, holder.t!.clock, id, "test:1")) });
  holder.t = t;
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  t.close();
});

async function api(role: Role, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${await t.token(role)}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${base}${path}`, { ...init, headers });
}

describe("the README's example rulebook", { timeout: 400_000 }, () => {
  it("is the one the README shows", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Organisation rulebooks"));
    expect(section).toContain("```yaml\n" + readFileSync(example, "utf8") + "```");
  });

  it("lints, imports and passes its own fixture tests through the command line", () => {
    expect(runCli(["rulebook", "lint", example], { databaseUrl: t.url }).status).toBe(0);
    const tested = runCli(["rulebook", "test", example, "--fixtures", fixtures], { databaseUrl: t.url });
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    const imported = runCli(["rulebook", "import", example], { databaseUrl: t.url });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain("imported acme-support@1.0.0 (36 rules)");
  });

  it("runs in a plan through the HTTP API: results as its fixtures expect, the version recorded, a PDF naming its own rule", async () => {
    expect((await api("ingest", "/api/v1/tickets", { method: "POST", body: JSON.stringify({ tickets: readFixture("tickets.json") }) })).status).toBe(200);
    expect((await api("ingest", "/api/v1/activities", { method: "POST", body: JSON.stringify({ activities: readFixture("activities.json") }) })).status).toBe(200);
    const fixturePlan = readFixture("plan.json");
    const created = await api("auditor", "/api/v1/plans", {
      method: "POST",
      body: JSON.stringify({ name: "Acme October", rulebook: "acme-support", rulebook_version: "1.0.0", rules: fixturePlan.rules, period: fixturePlan.period, timezone: fixturePlan.timezone }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const plan = await created.json();
    expect(plan).toMatchObject({ rulebook: "acme-support", rulebook_version: "1.0.0" });
    const started = await api("auditor", `/api/v1/plans/${plan.id}/runs`, { method: "POST" });
    expect(started.status).toBe(202);
    const { id: runId } = await started.json();
    while (pending.length) await pending.shift();
    const run = await (await api("viewer", `/api/v1/runs/${runId}`)).json();
    expect(run.status).toBe("completed");
    expect(run.rulebook_version).toBe("acme-support@1.0.0");
    const expected = readFixture("expected.json") as Record<string, string | { status: string; value?: number }>;
    for (const [ruleId, e] of Object.entries(expected)) {
      const want = typeof e === "string" ? { status: e } : e;
      const got = run.results.find((r: { rule_id: string }) => r.rule_id === ruleId);
      expect(got?.status, ruleId).toBe(want.status);
      if (want.value !== undefined) expect(got.value, ruleId).toBeCloseTo(want.value, 6);
    }
    // the user-written rule is judged like a built-in one; findings carry the rulebook's severities
    const own = run.results.find((r: { rule_id: string }) => r.rule_id === "ACME-DRILL-QUARTER");
    expect(own.message).toMatch(/^latest emergency_drill on 2026-09-15, 47 days before the end of the period/);
    const raised = await t.database.client.execute({ sql: "SELECT rule_id, severity FROM findings WHERE plan_id = ? ORDER BY rule_id", args: [plan.id] });
    expect(raised.rows.map((r) => `${r.rule_id} ${r.severity}`)).toEqual(["INC-RESP-URGENT major", "TRAINING-SCORE minor"]);

    const pdf = await api("compliance_officer", `/api/v1/runs/${runId}/report.pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(saveArtifact("acme-example.pdf", new Uint8Array(await pdf.arrayBuffer())));
    // its title from the rulebook file (the table wraps it over lines)
    expect(text).toMatch(/ACME-DRILL-QUARTER\s+Emergency drill in the\s+Pass\s+47 days\s+< 92 days/);
    expect(text).toMatch(/last 92 days/);
    expect(text).toContain("acme-support@1.0.0");
    const zh = await api("compliance_officer", `/api/v1/runs/${runId}/report.pdf?lang=zh-CN`);
    const zhText = pdfText(saveArtifact("acme-example-zh-CN.pdf", new Uint8Array(await zh.arrayBuffer())));
    expect(zhText).toMatch(/ACME-DRILL-QUARTER\s+最近 ?92/);
  });

  it("lists it with its versions and runs, and shows what a new version changes", async () => {
    const source = readFileSync(example, "utf8").replace("version: 1.0.0", "version: 1.1.0").replace("threshold: 98", "threshold: 99").replace("  - KB-UPDATE-MONTH\n", "  - KB-UPDATE-MONTH\n  - MAN-ROLES\n");
    expect((await api("auditor", "/api/v1/rulebooks", { method: "POST", body: JSON.stringify({ source }) })).status).toBe(403);
    const imported = await api("admin", "/api/v1/rulebooks", { method: "POST", body: JSON.stringify({ source }) });
    expect(imported.status).toBe(201);
    expect((await api("admin", "/api/v1/rulebooks", { method: "POST", body: JSON.stringify({ source }) })).status).toBe(200);
    const bad = await api("admin", "/api/v1/rulebooks", { method: "POST", body: JSON.stringify({ source: source.replace("severity: minor", "severity: huge") }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("override.TRAINING-SCORE.severity");
    const { rulebooks } = await (await api("viewer", "/api/v1/rulebooks")).json();
    const acme = rulebooks.find((b: { id: string }) => b.id === "acme-support");
    expect(acme).toMatchObject({ built_in: false, version: "acme-support@1.1.0", latest: "acme-support@1.1.0" });
    expect(acme.versions.map((v: { version: string; runs: number }) => [v.version, v.runs])).toEqual([["1.0.0", 1], ["1.1.0", 0]]);
    expect(rulebooks.find((b: { id: string }) => b.id === "iso20000-support").built_in).toBe(true);
    const diff = await (await api("viewer", "/api/v1/rulebooks/acme-support/diff?from=1.0.0&to=1.1.0")).json();
    expect(diff.added).toEqual([]);
    expect(diff.removed.map((r: { id: string }) => r.id)).toEqual(["MAN-ROLES"]);
    expect(diff.changed).toEqual([{ id: "INC-RESP-URGENT", title: "Urgent incidents: first response within 1 h", changes: [{ field: "threshold", before: 98, after: 99 }] }]);
  });
});

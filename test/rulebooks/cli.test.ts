// `assay rulebook lint | import | export | test` run as a child process against a real libSQL file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createPlan } from "../../audits/plans.js";
import { createRun } from "../../audits/runs.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { repoRoot, runCli } from "../support/cli.js";
import { tempDatabaseUrl } from "../support/app.js";
import { testCtx } from "../support/ctx.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";

const example = join(repoRoot, "audits/rulebooks/examples/acme-support.yaml");
const fixtures = join(repoRoot, "audits/rulebooks/examples/acme-fixtures");
let dir: string;
let url: string;
let database: Database;

beforeAll(async () => {
  ({ dir, url } = await tempDatabaseUrl());
  expect(runCli(["migrate"], { databaseUrl: url }).status).toBe(0);
  database = await openDatabase(url);
});
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe("assay rulebook", { timeout: 400_000 }, () => {
  it("lint: a valid file passes; every error is named with its line:column and path, exit 1", () => {
    const ok = runCli(["rulebook", "lint", example], { databaseUrl: url });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("valid, 36 rules (acme-support@1.0.0)");
    const bad = write(
      "bad.yaml",
      `id: acme-bad
title: Bad
version: 1.0.0
rules:
  - id: ACME-A
    kind: sla_attainment
    title: A
    clause: "8.6.1"
    guide: G4
    severity: major
    threshold: 95
    comparison: gte
    unit: percent
    params: {ticketKind: incident, priorities: [urgent], complex: null, measure: response, targetMinutes: -5}
    remediation: r
  - id: ACME-B
    kind: activity_recency
    title: B
    clause: "8.7.2"
    guide: G7
    severity: grave
    threshold: 10
    comparison: lt
    unit: days
    params: {activityTypes: [emergency_drill], days: 10}
    remediation: r
`,
    );
    const res = runCli(["rulebook", "lint", bad], { databaseUrl: url });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("2 errors");
    expect(res.stderr).toMatch(/bad\.yaml:14:\d+ rules\[0\]\.params\.targetMinutes: Too small/);
    expect(res.stderr).toMatch(/bad\.yaml:21:\d+ rules\[1\]\.severity: Invalid option/);
    const zh = runCli(["rulebook", "lint", example], { databaseUrl: url, env: { ASSAY_LOCALE: "zh-CN" } });
    expect(zh.stdout).toContain("有效，共 36 条规则");
  });

  it("export writes the built-in rulebook as YAML in both languages, a starting point that lints once renamed", () => {
    const res = runCli(["rulebook", "export", "iso20000-support"], { databaseUrl: url });
    expect(res.status, res.stderr).toBe(0);
    const file = parse(res.stdout);
    expect(file.version).toBe(iso20000Support.version.split("@")[1]);
    expect(file.rules.find((r: { id: string }) => r.id === "INC-RESP-URGENT").title["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
    const copy = write("copy.yaml", res.stdout.replace("id: iso20000-support", "id: my-copy"));
    expect(runCli(["rulebook", "lint", copy], { databaseUrl: url }).status).toBe(0);
    // the current version named explicitly is the same file; an earlier one is its own
    expect(runCli(["rulebook", "export", "iso20000-support", "--version", file.version], { databaseUrl: url }).stdout).toBe(res.stdout);
    const earlier = runCli(["rulebook", "export", "iso20000-support", "--version", "1.1.0"], { databaseUrl: url });
    expect(parse(earlier.stdout).version).toBe("1.1.0");
    expect(parse(earlier.stdout).rules).toHaveLength(36);
    expect(runCli(["rulebook", "export", "iso20000-support", "--version", "0.1.0"], { databaseUrl: url }).status).toBe(1);
  });

  it("import is versioned: identical content is a no-op, a version a run used is never changed, each import is in the audit trail", async () => {
    const source = readFileSync(example, "utf8");
    const first = runCli(["rulebook", "import", example], { databaseUrl: url });
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout.trim().split("\n").at(-1)!)).toMatchObject({ status: "imported", ref: "acme-support@1.0.0", rules: 36 });
    const again = runCli(["rulebook", "import", example], { databaseUrl: url });
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1)!)).toMatchObject({ status: "unchanged" });
    // not yet used by a run: new content for the version replaces it
    const edited = write("acme-edited.yaml", source.replace("threshold: 98", "threshold: 97"));
    expect(JSON.parse(runCli(["rulebook", "import", edited], { databaseUrl: url }).stdout.trim().split("\n").at(-1)!)).toMatchObject({ status: "replaced" });
    // a run judges with it: from now on the version is fixed
    const ctx = testCtx(database.db, Date.parse("2026-11-24T00:00:00Z"));
    const plan = await createPlan({ ctx, input: { name: "Acme", rulebook: "acme-support", rulebook_version: "1.0.0", period: { type: "previous_month" } } });
    const run = await createRun({ ctx, input: { planId: plan.id, trigger: "manual" } });
    expect(run.rulebookVersion).toBe("acme-support@1.0.0");
    expect(run.planSnapshot.rules).toContain("ACME-DRILL-QUARTER");
    const refused = runCli(["rulebook", "import", example], { databaseUrl: url });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("acme-support@1.0.0 was already used by 1 run(s) and cannot change");
    // a new version is fine
    const next = write("acme-1.1.yaml", source.replace("version: 1.0.0", "version: 1.1.0"));
    expect(runCli(["rulebook", "import", next], { databaseUrl: url }).status).toBe(0);
    const trail = await database.client.execute("SELECT action, entity_id FROM audit_trail WHERE entity = 'rulebook' ORDER BY id");
    expect(trail.rows.map((r) => `${r.action} ${r.entity_id}`)).toEqual(["rulebook.import acme-support@1.0.0", "rulebook.replace acme-support@1.0.0", "rulebook.import acme-support@1.1.0"]);
    const exported = runCli(["rulebook", "export", "acme-support", "--version", "1.0.0"], { databaseUrl: url });
    expect(exported.stdout).toBe(readFileSync(edited, "utf8"));
    // a built-in id cannot be taken
    const copy = runCli(["rulebook", "export", "iso20000-support"], { databaseUrl: url }).stdout;
    const taken = runCli(["rulebook", "import", write("taken.yaml", copy)], { databaseUrl: url });
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain("is a built-in rulebook");
    expect(runCli(["verify-audit-trail"], { databaseUrl: url }).status).toBe(0);
  });

  it("test runs the rulebook over its fixtures through the run executor: a table per rule, exit 1 on a mismatch", () => {
    const ok = runCli(["rulebook", "test", example, "--fixtures", fixtures], { databaseUrl: url });
    expect(ok.status, ok.stderr + ok.stdout).toBe(0);
    const lines = ok.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^rule\s+expected\s+actual\s+value\s+result$/);
    expect(lines.find((l) => l.startsWith("ACME-DRILL-QUARTER"))).toMatch(/pass 47\s+pass\s+47\s+ok$/);
    expect(lines.find((l) => l.startsWith("INC-RESP-URGENT"))).toMatch(/fail 95\s+fail\s+95\s+ok$/);
    expect(lines.at(-1)).toBe("acme-support@1.0.0: 5 of 5 expected results met");
    // the same data under the built-in threshold of 95 % passes INC-RESP-URGENT: Acme's 98 % is what fails it
    const other = mkdtempSync(join(tmpdir(), "assay-fixtures-"));
    try {
      cpSync(fixtures, other, { recursive: true });
      const expected = JSON.parse(readFileSync(join(other, "expected.json"), "utf8"));
      expected["INC-RESP-URGENT"] = { status: "pass", value: 95 };
      writeFileSync(join(other, "expected.json"), JSON.stringify(expected));
      const bad = runCli(["rulebook", "test", example, "--fixtures", other], { databaseUrl: url });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toMatch(/INC-RESP-URGENT\s+pass 95\s+fail\s+95\s+MISMATCH/);
      expect(bad.stderr).toContain("1 rule differs from expected.json");
      const zh = runCli(["rulebook", "test", example, "--fixtures", other], { databaseUrl: url, env: { ASSAY_LOCALE: "zh-CN" } });
      expect(zh.stdout).toMatch(/INC-RESP-URGENT\s+pass 95\s+fail\s+95\s+不符/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("the usage names the rulebook commands in both languages", () => {
    expect(runCli(["help"], { databaseUrl: url }).stdout).toContain("rulebook test FILE --fixtures DIR");
    expect(runCli(["help"], { databaseUrl: url, env: { ASSAY_LOCALE: "zh-CN" } }).stdout).toContain("组织规则手册");
  });
});

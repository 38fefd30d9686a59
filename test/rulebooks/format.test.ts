// Organisation rulebook files: the published JSON Schema is the zod definition's, every error names its path in the
// file (and line:column), a copy of the built-in rulebook resolves to exactly its rules, and the frozen 1.1.0 data
// is the built-in rulebook as 1.1.0 recorded it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exportRulebookYaml } from "../../audits/rulebooks/export.js";
import { parseRulebookText, rulebookJsonSchema } from "../../audits/rulebooks/format.js";
import { iso20000Support } from "../../audits/rulebooks/iso20000-support.js";
import { builtInRulebookAt, frozenFile } from "../../audits/rulebooks/versions.js";
import { buildTestApp } from "../support/app.js";

const base = `id: acme-support
title: {en: Acme support, zh-CN: Acme 支持}
version: 1.0.0
extends: iso20000-support@1.1.0
`;

describe("rulebook files", () => {
  it("publish the JSON Schema generated from the zod definition, committed and served at /schemas/rulebook.schema.json", async () => {
    const committed = JSON.parse(readFileSync(new URL("../../audits/rulebooks/rulebook.schema.json", import.meta.url), "utf8"));
    expect(committed).toEqual(rulebookJsonSchema());
    const t = await buildTestApp();
    try {
      const res = await t.app.request("/schemas/rulebook.schema.json");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(committed);
    } finally {
      t.close();
    }
  });

  it("the built-in rulebook exported as a file resolves to exactly its rules, texts in both languages", () => {
    const yaml = exportRulebookYaml(iso20000Support).replace("id: iso20000-support", "id: copy-of-builtin");
    const parsed = parseRulebookText(yaml);
    expect(parsed.issues).toEqual([]);
    const strip = (r: object) => {
      const { i18n: _, ...rest } = r as { i18n?: unknown };
      return rest;
    };
    expect(parsed.rulebook!.rules.map(strip)).toEqual(JSON.parse(JSON.stringify(iso20000Support.rules)));
    expect(parsed.rulebook!.rules[0].i18n?.["zh-CN"]?.title).toMatch(/[\u4e00-\u9fff]/);
  });

  it("extends, overrides, excludes and adds rules by id", () => {
    const parsed = parseRulebookText(`${base}exclude: [KB-UPDATE-MONTH]
override:
  INC-RESP-URGENT: {threshold: 98, severity: minor, params: {priorities: [urgent, important]}}
rules:
  - id: ACME-DRILL-QUARTER
    kind: activity_recency
    title: {en: Drill in the last 92 days, zh-CN: 最近 92 天内有演练}
    clause: "8.7.2"
    guide: G7
    severity: major
    threshold: 92
    comparison: lt
    unit: days
    params: {activityTypes: [emergency_drill], days: 92}
    remediation: Hold a drill every quarter.
`);
    expect(parsed.issues).toEqual([]);
    const rules = parsed.rulebook!.rules;
    // the version it extends, less the one excluded, plus the one added
    const extended = builtInRulebookAt("iso20000-support", "1.1.0")!;
    expect(rules.length).toBe(extended.rules.length);
    expect(rules.find((r) => r.id === "KB-UPDATE-MONTH")).toBeUndefined();
    const urgent = rules.find((r) => r.id === "INC-RESP-URGENT")!;
    expect(urgent).toMatchObject({ threshold: 98, severity: "minor", params: { ticketKind: "incident", priorities: ["urgent", "important"], targetMinutes: 60 } });
    expect(rules.at(-1)).toMatchObject({ id: "ACME-DRILL-QUARTER", title: "Drill in the last 92 days", i18n: { "zh-CN": { title: "最近 92 天内有演练" } } });
    expect(parsed.rulebook!.version).toBe("acme-support@1.0.0");
  });

  it("names every error with its path in the file and its line:column", () => {
    const text = `id: acme-support
title: Acme
version: "1.0"
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
    kind: no_such_kind
    title: B
`;
    const { issues } = parseRulebookText(text);
    const byPath = new Map(issues.map((i) => [i.path, i]));
    expect(byPath.get("version")).toMatchObject({ line: 3, column: 1 });
    expect(byPath.get("rules[0].params.targetMinutes")).toMatchObject({ line: 14 });
    expect(byPath.get("rules[1].kind")).toMatchObject({ line: 17 });
    const overrides = parseRulebookText(`${base}override:\n  INC-RESP-URGENT:\n    params: {priorities: []}\n  NOT-A-RULE: {threshold: 1}\nexclude: [ALSO-NOT]\n`).issues;
    expect(overrides.map((i) => i.path).sort()).toEqual(["exclude[0]", "override.INC-RESP-URGENT.params.priorities", "override.NOT-A-RULE"]);
    // a ticket's SLA target is its policy's: a rulebook cannot pretend to change it
    expect(parseRulebookText(`${base}override:\n  INC-RESP-URGENT:\n    params: {targetMinutes: 30}\n`).issues).toEqual([
      expect.objectContaining({ path: "override.INC-RESP-URGENT.params.targetMinutes", message: expect.stringMatching(/SLA policy/), line: 7 }),
    ]);
    expect(overrides.find((i) => i.path === "override.NOT-A-RULE")).toMatchObject({ line: 8, column: 3 });
    expect(parseRulebookText("id: [unclosed").issues[0]).toMatchObject({ line: 1 });
    expect(parseRulebookText(`${base.replace("1.1.0", "0.9.0")}`).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "extends", message: "no built-in rulebook iso20000-support@0.9.0" })]));
  });
});

describe("the frozen built-in versions", () => {
  it("iso20000-support@1.1.0 is frozen as data, byte for byte as recorded, equal to the rules of 1.1.0", () => {
    const text = readFileSync(frozenFile("iso20000-support@1.1.0"), "utf8");
    // recorded when 1.1.0 was frozen: the file must never change
    expect(createHash("sha256").update(text).digest("hex")).toBe("bc4d7be4dce88dca63336d563e4e9bb96bc650a6fb2990116dc1de2786b04f65");
    const frozen = parse(text);
    expect(frozen.version).toBe("iso20000-support@1.1.0");
    expect(builtInRulebookAt("iso20000-support", "1.1.0")).toEqual(frozen);
    if (iso20000Support.version === "iso20000-support@1.1.0") expect(frozen).toEqual(JSON.parse(JSON.stringify(iso20000Support)));
  });

  it("iso20000-support@2.0.0 is frozen too, and the rulebook in code equals the frozen file of its own version", () => {
    const text = readFileSync(frozenFile("iso20000-support@2.0.0"), "utf8");
    // recorded when 2.0.0 was released (issue 16): the file must never change
    expect(createHash("sha256").update(text).digest("hex")).toBe("d9b58da310b5c12111c10e7ad92b9ac175334c13f35191d85ab96ba43a28ff5c");
    expect(builtInRulebookAt("iso20000-support", "2.0.0")?.version).toBe("iso20000-support@2.0.0");
    // changing a built-in rule without releasing a new version (a new frozen file) fails here
    const own = readFileSync(frozenFile(iso20000Support.version), "utf8");
    expect(parse(own)).toEqual(JSON.parse(JSON.stringify(iso20000Support)));
  });
});

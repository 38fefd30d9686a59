// A rulebook written out as a rulebook file (YAML) to start an organisation's own from: every rule in full, with
// its texts in both languages (a built-in rule's Chinese texts from the catalogues).
import { stringify } from "yaml";
import { catalogues, isMessageKey } from "../../server/i18n/catalogue.js";
import type { Rule, Rulebook } from "./types.js";
import { semverOf } from "./versions.js";

function texts(rule: Rule, field: "title" | "remediation"): string | { en: string; "zh-CN": string } {
  const own = rule.i18n?.["zh-CN"]?.[field];
  if (own) return { en: rule[field], "zh-CN": own };
  const key = `rule.${rule.id}.${field}`;
  if (isMessageKey(key) && catalogues.en[key] === rule[field]) return { en: rule[field], "zh-CN": catalogues["zh-CN"][key] };
  return rule[field];
}

export function rulebookFileOf(book: Rulebook): Record<string, unknown> {
  const zhTitle = book.i18n?.["zh-CN"]?.title;
  return {
    $schema: "https://assay.example/schemas/rulebook.schema.json",
    id: book.id,
    title: zhTitle ? { en: book.title, "zh-CN": zhTitle } : book.title,
    version: semverOf(book.version),
    rules: book.rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: texts(r, "title"),
      clause: r.clause,
      guide: r.guide,
      severity: r.severity,
      threshold: r.threshold,
      comparison: r.comparison,
      unit: r.unit,
      params: r.params,
      remediation: texts(r, "remediation"),
    })),
  };
}

export function exportRulebookYaml(book: Rulebook): string {
  const header = [
    `# ${book.version}: ${book.title}`,
    "# Give the copy its own id and version before importing it (npx assay rulebook import FILE);",
    "# or, to follow the built-in rulebook and change only some rules, write `extends: " + book.version + "` with `override:` and `exclude:`.",
    "",
  ].join("\n");
  return header + stringify(rulebookFileOf(book), { lineWidth: 0 });
}

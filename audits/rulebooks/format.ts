// An organisation's rulebook file (YAML or JSON): its zod definition (the one source of the published JSON Schema,
// audits/rulebooks/rulebook.schema.json and GET /schemas/rulebook.schema.json), parsing with the place of every error
// (path in the file, and line:column for YAML), and resolution into a Rulebook the run executor judges with: a file
// may extend a built-in rulebook at a version, override its rules' fields by id, exclude rules and add rules of the
// existing kinds.
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { managementReviewInputs } from "../../server/contract/activities.js";
import { builtInRulebookAt } from "./versions.js";
import type { Rule, RuleKind, Rulebook } from "./types.js";

const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;
const idPattern = /^[a-z0-9][a-z0-9-]{1,62}$/;
const ruleIdPattern = /^[A-Z][A-Z0-9-]{1,62}$/;

/** A text in English, optionally with its Simplified Chinese. */
export const localizedText = z.union([z.string().min(1), z.strictObject({ en: z.string().min(1), "zh-CN": z.string().min(1).optional() })]);
export type LocalizedText = z.infer<typeof localizedText>;

const priority = z.enum(["urgent", "important", "general"]);
const ticketKind = z.enum(["incident", "request"]);
const recordField = z.enum(["summary", "category", "priority", "assignee", "resolution"]);
const typeName = z.string().regex(/^[a-z][a-z0-9_]*$/, "a lowercase type name, e.g. emergency_drill");
const empty = z.strictObject({});

/** The parameters of every existing rule kind (audits/rulebooks/types.ts RuleParams). */
export const paramsByKind = {
  sla_attainment: z.strictObject({
    ticketKind,
    priorities: z.array(priority).min(1).nullable(),
    complex: z.boolean().nullable(),
    measure: z.enum(["response", "resolution", "closure"]),
    targetMinutes: z.number().int().positive(),
  }),
  record_completeness: z.strictObject({
    requiredFields: z.array(recordField),
    requiredOnceResolved: z.array(recordField),
    idPattern: z.string().min(1).refine((s) => {
      try {
        new RegExp(s);
        return true;
      } catch {
        return false;
      }
    }, "not a valid regular expression"),
  }),
  record_consistency: empty,
  retention: z.strictObject({ years: z.number().int().min(1).max(100) }),
  satisfaction: z.strictObject({ minScore: z.number().min(1).max(5) }),
  satisfaction_coverage: empty,
  metric_threshold: z.strictObject({ metric: typeName }),
  metric_from_tickets: z.strictObject({ ticketKind, priority }),
  activity_recency: z.strictObject({ activityTypes: z.array(typeName).min(1), days: z.number().int().positive(), countsOtherPlanRuns: z.boolean().optional() }),
  activity_followup: z.strictObject({ activityType: typeName }),
  incident_review: z.strictObject({ ticketKind, priorities: z.array(priority).min(1), reviewType: typeName, withinDays: z.number().int().positive() }),
  activity_score: z.strictObject({ activityType: typeName }),
  actions_on_time: empty,
  manual: z.strictObject({ question: z.string().min(1) }),
  complaint_response: z.strictObject({ complaintCategories: z.array(z.string().min(1)).min(1), targetMinutes: z.number().int().positive() }),
  complaint_closure: z.strictObject({ complaintCategories: z.array(z.string().min(1)).min(1) }),
  low_satisfaction_followup: z.strictObject({ maxScore: z.number().int().min(1).max(5), withinDays: z.number().int().positive() }),
  unprioritised: z.strictObject({ ticketKinds: z.array(ticketKind).min(1) }),
  incident_trend: z.strictObject({ ticketKind, risePercent: z.number().min(0), minIncidents: z.number().int().min(1) }),
  audit_independence: z.strictObject({ activityType: typeName, days: z.number().int().positive() }),
  review_inputs: z.strictObject({ activityType: typeName, days: z.number().int().positive(), requiredInputs: z.array(z.enum(managementReviewInputs)).min(1) }),
  training_coverage: z.strictObject({ activityType: typeName, days: z.number().int().positive() }),
  continuity_after_change: z.strictObject({ changeType: typeName, testType: typeName, withinDays: z.number().int().positive() }),
  problem_records: z.strictObject({ minLinkedIncidents: z.number().int().min(0) }),
  recurring_incidents: z.strictObject({ minIncidents: z.number().int().min(2) }),
  major_incident_notification: z.strictObject({ activityType: typeName, withinHours: z.number().positive() }),
  major_incident_plan_review: z.strictObject({ activityType: typeName, withinDays: z.number().int().positive() }),
} satisfies Record<RuleKind, z.ZodType>;

const ruleKinds = Object.keys(paramsByKind) as RuleKind[];

const common = {
  id: z.string().regex(ruleIdPattern, "upper-case letters, digits and hyphens, e.g. ACME-DRILL-QUARTER"),
  title: localizedText,
  clause: z.string().min(1).describe("ISO/IEC 20000-1:2018 clause(s), e.g. \"8.7.2\" or \"8.6.1, 10.1\""),
  guide: z.string().min(1).describe("section(s) of the guide, e.g. G7"),
  severity: z.enum(["major", "minor", "observation"]),
  threshold: z.number().nullable().describe("the pass threshold; null for manual questions"),
  comparison: z.enum(["gte", "lte", "lt"]),
  unit: z.enum(["percent", "count", "minutes", "days", "score"]).nullable(),
  remediation: localizedText,
};

/** One rule of an existing kind, written in full. */
export const ruleSchema = z.discriminatedUnion(
  "kind",
  ruleKinds.map((kind) => z.strictObject({ ...common, kind: z.literal(kind), params: paramsByKind[kind] })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
);

/** The fields of an inherited rule one may change; `params` are merged into the inherited rule's. */
export const ruleOverrideSchema = z.strictObject({
  title: localizedText.optional(),
  clause: common.clause.optional(),
  guide: common.guide.optional(),
  severity: common.severity.optional(),
  threshold: common.threshold.optional(),
  comparison: common.comparison.optional(),
  unit: common.unit.optional(),
  remediation: localizedText.optional(),
  params: z.record(z.string(), z.unknown()).optional().describe("merged into the inherited rule's params, then checked against its kind"),
});

export const rulebookFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(idPattern, "lower-case letters, digits and hyphens, e.g. acme-support").describe("the rulebook's id"),
    title: localizedText,
    version: z.string().regex(semver, "a semantic version, e.g. 1.0.0"),
    description: z.string().optional(),
    extends: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*@\d+\.\d+\.\d+$/, "<built-in rulebook>@<version>, e.g. iso20000-support@1.1.0")
      .optional()
      .describe("a built-in rulebook at a version whose rules this one starts from"),
    exclude: z.array(z.string()).optional().describe("ids of inherited rules left out"),
    override: z.record(z.string(), ruleOverrideSchema).optional().describe("changes to inherited rules, by rule id"),
    rules: z.array(ruleSchema).optional().describe("rules added (or, without extends, all the rules)"),
  })
  .meta({ title: "Assay rulebook", description: "An organisation's rulebook: rules of Assay's existing kinds, optionally extending a built-in rulebook." });

export type RulebookFile = z.infer<typeof rulebookFileSchema>;

/** The JSON Schema published for rulebook files. */
export function rulebookJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(rulebookFileSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>),
    $id: "/schemas/rulebook.schema.json",
  };
}

export interface LintIssue {
  /** where in the file, e.g. rules[3].params.targetMinutes */
  path: string;
  message: string;
  /** 1-based, YAML only (and JSON, which is YAML) */
  line?: number;
  column?: number;
}

export class RulebookFileError extends Error {
  constructor(readonly issues: LintIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "RulebookFileError";
  }
}

export function formatIssue(i: LintIssue): string {
  return `${i.line !== undefined ? `${i.line}:${i.column} ` : ""}${i.path || "(file)"}: ${i.message}`;
}

function pathString(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$-]*$/.test(String(p)) ? `${s ? "." : ""}${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return s;
}

const localeText = (text: LocalizedText) => (typeof text === "string" ? { en: text } : text);

/**
 * Resolves a valid file into the rules it declares. Errors the schema cannot see (unknown or duplicate rule ids,
 * overrides that break a rule's kind, an unknown base) come back with their path in the file.
 */
export function resolveRulebookFile(file: RulebookFile): { rulebook: Rulebook; issues: LintIssue[] } {
  const issues: LintIssue[] = [];
  let inherited: Rule[] = [];
  if (file.extends) {
    const [baseId, baseVersion] = file.extends.split("@");
    const base = builtInRulebookAt(baseId, baseVersion);
    if (!base) issues.push({ path: "extends", message: `no built-in rulebook ${file.extends}` });
    else inherited = base.rules.map((r) => structuredClone(r));
  }
  const inheritedIds = new Set(inherited.map((r) => r.id));
  for (const [i, id] of (file.exclude ?? []).entries()) if (!inheritedIds.has(id)) issues.push({ path: `exclude[${i}]`, message: `no inherited rule ${id}` });
  const excluded = new Set(file.exclude ?? []);
  const rules: Rule[] = [];
  for (const rule of inherited) {
    if (excluded.has(rule.id)) continue;
    const change = file.override?.[rule.id];
    if (!change) {
      rules.push(rule);
      continue;
    }
    const { params, title, remediation, ...fields } = change;
    if (rule.kind === "sla_attainment" && params && "targetMinutes" in params && params.targetMinutes !== rule.params.targetMinutes) {
      // a ticket's target is its SLA policy's (stored per ticket); the rule's targetMinutes only names it
      issues.push({ path: pathString(["override", rule.id, "params", "targetMinutes"]), message: "SLA targets are set by the SLA policy (README: SLA policies), not by the rulebook" });
      continue;
    }
    const merged: Record<string, unknown> = { ...rule, ...fields, params: { ...rule.params, ...(params ?? {}) } };
    if (title !== undefined) merged.title = title;
    else if (rule.kind === "manual" && params && typeof params.question === "string") merged.title = params.question;
    if (remediation !== undefined) merged.remediation = remediation;
    delete merged.i18n;
    const checked = ruleSchema.safeParse(merged);
    if (!checked.success) {
      for (const issue of checked.error.issues) issues.push({ path: pathString(["override", rule.id, ...issue.path]), message: issue.message });
      continue;
    }
    rules.push(toRule(checked.data as z.infer<typeof ruleSchema>, rule));
  }
  for (const id of Object.keys(file.override ?? {})) {
    if (!inheritedIds.has(id)) issues.push({ path: pathString(["override", id]), message: `no inherited rule ${id}` });
    else if (excluded.has(id)) issues.push({ path: pathString(["override", id]), message: `rule ${id} is both excluded and overridden` });
  }
  const seen = new Set(rules.map((r) => r.id));
  for (const [i, raw] of (file.rules ?? []).entries()) {
    const r = raw as unknown as { id: string; kind: RuleKind; threshold: number | null };
    if (seen.has(r.id)) {
      issues.push({ path: `rules[${i}].id`, message: inheritedIds.has(r.id) ? `rule ${r.id} is inherited; change it under override` : `duplicate rule id ${r.id}` });
      continue;
    }
    seen.add(r.id);
    if (r.kind === "manual" && r.threshold !== null) issues.push({ path: `rules[${i}].threshold`, message: "a manual question has no threshold (null)" });
    if (r.kind !== "manual" && r.threshold === null) issues.push({ path: `rules[${i}].threshold`, message: "a threshold is required for this kind" });
    rules.push(toRule(raw as z.infer<typeof ruleSchema>));
  }
  if (rules.length === 0) issues.push({ path: "rules", message: "the rulebook has no rules" });
  const title = localeText(file.title);
  return {
    rulebook: {
      id: file.id,
      title: title.en,
      ...(title["zh-CN"] ? { i18n: { "zh-CN": { title: title["zh-CN"] } } } : {}),
      version: `${file.id}@${file.version}`,
      rules,
    },
    issues,
  };
}

/** A rule as the engine holds it: English text in title/remediation, other languages under i18n. */
function toRule(r: z.infer<typeof ruleSchema>, inherited?: Rule): Rule {
  const title = localeText(r.title as LocalizedText);
  const remediation = localeText(r.remediation as LocalizedText);
  const i18n: { title?: string; remediation?: string } = {};
  if (title["zh-CN"]) i18n.title = title["zh-CN"];
  if (remediation["zh-CN"]) i18n.remediation = remediation["zh-CN"];
  // present on every rule the file writes or changes: its words are its own, not the built-in catalogue's
  const rule = { ...r, title: title.en, remediation: remediation.en, i18n: i18n.title || i18n.remediation ? { "zh-CN": i18n } : {} } as Record<string, unknown>;
  void inherited;
  return rule as unknown as Rule;
}

/** Parses a YAML or JSON text (JSON is YAML); every problem comes back with its path, and line:column where known. */
export function parseRulebookText(text: string): { file?: RulebookFile; rulebook?: Rulebook; issues: LintIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return { path: "", message: e.message.split("\n")[0], line: pos.line, column: pos.col };
      }),
    };
  }
  const data = doc.toJS();
  const where = (path: readonly PropertyKey[]) => {
    // the deepest node on the path that exists in the document
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      const pair = n > 0 ? keyNode(path.slice(0, n)) : undefined;
      const range = (n === path.length ? pair?.range : undefined) ?? node?.range;
      if (range) {
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
      }
    }
    return {};
  };
  const keyNode = (path: readonly PropertyKey[]) => {
    const parent = doc.getIn(path.slice(0, -1) as (string | number)[], true) as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | undefined;
    const last = path[path.length - 1];
    if (typeof last !== "string" || !parent?.items) return undefined;
    return parent.items.find((p) => p.key && p.key.value === last)?.key;
  };
  const parsed = rulebookFileSchema.safeParse(data);
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.flatMap((issue) => {
        // an unknown key names the key itself
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        return keys.map((k) => {
          const path = k === undefined ? issue.path : [...issue.path, k];
          return { path: pathString(path), message: issue.message, ...where(path) };
        });
      }),
    };
  }
  const { rulebook, issues } = resolveRulebookFile(parsed.data);
  return {
    file: parsed.data,
    rulebook: issues.length ? undefined : rulebook,
    issues: issues.map((i) => ({ ...i, ...where(pathOf(i.path)) })),
  };
}

/** `rules[3].params.targetMinutes` back into its parts. */
function pathOf(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const re = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) parts.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : JSON.parse(`"${m[3]}"`)));
  return parts;
}

/** Parses and resolves, or throws RulebookFileError with every issue. */
export function loadRulebookText(text: string): { file: RulebookFile; rulebook: Rulebook } {
  const r = parseRulebookText(text);
  if (!r.file || !r.rulebook) throw new RulebookFileError(r.issues);
  return { file: r.file, rulebook: r.rulebook };
}

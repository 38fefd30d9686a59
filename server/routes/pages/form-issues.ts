// The issues and refusals a page form shows, in the reader's language: each field by its label and the common cases
// (required, too long, out of range, not a number, a bad cron or date, a locked run …) as sentences of the catalogue.
// The API answers the same failures with the domain's English JSON; only the pages word them here.
import { AppError, type Issue } from "../../errors.js";
import { formatDateTime, label, t, type MessageKey } from "../../i18n/index.js";

/** The label of each field a form names, by the issue's dotted path (a path's first segment also matches). */
export type FieldLabels = Record<string, MessageKey | ((path: string) => string)>;

export const planFields: FieldLabels = {
  name: "plans.name",
  schedule: "plans.schedule",
  timezone: "forms.field.timezone",
  owner: "plans.owner",
  services: "plans.services",
  rules: "forms.field.rules",
  "period.days": "plans.days",
  "period.start": "plans.start",
  "period.end": "plans.end",
  period: "forms.field.period",
  thresholds: (path) => t("forms.field.threshold", { rule: path.split(".").slice(1).join(".") }),
};
export const waiverFields: FieldLabels = { rule_id: "waivers.rule", reason: "waivers.reason", valid_from: "waivers.validFromLabel", expires_on: "waivers.expiresOnLabel" };
export const answerFields: FieldLabels = { answer: "forms.field.answer", note: "runs.note" };
export const panelFields: FieldLabels = { comment: "panel.comment", reason: "panel.reason" };

const n = (m: RegExpMatchArray) => Number(m[1]);

/** The domain's and zod's English sentences, most specific first; zod words each issue code the same way every time. */
const sentences: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^not a valid cron expression: a schedule is five fields/, () => t("forms.cronFields")],
  [/^not a valid cron expression/, () => t("forms.cronInvalid")],
  [/^runs more than once an hour/, () => t("forms.cronHourly")],
  [/^never runs/, () => t("forms.cronNever")],
  [/^unknown IANA time zone/, () => t("forms.timeZone")],
  [/^start must be before end/, () => t("forms.startBeforeEnd")],
  [/^name at least one rule/, () => t("forms.noRules")],
  [/^unknown rule/, () => t("forms.unknownRule")],
  [/^a manual question has no threshold/, () => t("forms.manualThreshold")],
  [/^a note is required/, () => t("forms.noteRequired")],
  [/^must not be after expires_on/, () => t("forms.validFromAfter")],
  [/^must be today or later/, () => t("forms.expiresPast")],
  [/^a reason is required/, () => t("forms.reasonRequired")],
  [/^(must be YYYY-MM-DD|not a calendar date)/, () => t("forms.invalidDate")],
  [/^not a number/, () => t("forms.notNumber")],
  [/^Too small: expected string to have >=?1 characters?$/, () => t("forms.required")],
  [/^Too big: expected string to have <=?(\d+)/, (m) => t("forms.tooLong", { max: n(m) })],
  [/^Too small: expected string to have >=?(\d+)/, (m) => t("forms.tooShort", { min: n(m) })],
  [/^Too small: expected (?:number|int) to be >=?(-?[\d.]+)/, (m) => t("forms.tooSmall", { min: n(m) })],
  [/^Too big: expected (?:number|int) to be <=?(-?[\d.]+)/, (m) => t("forms.tooBig", { max: n(m) })],
  [/^Too small: expected array/, () => t("forms.noRules")],
  [/^Invalid input: expected \w+, received undefined/, () => t("forms.required")],
  [/^Invalid input: expected int/, () => t("forms.notInteger")],
  [/^Invalid input: expected number/, () => t("forms.notNumber")],
  [/^Invalid option/, () => t("forms.invalidOption")],
  [/^Invalid/, () => t("forms.invalid")],
];

/** An issue's sentence in the reader's language; one we do not know keeps the domain's words. */
export function issueSentence(message: string): string {
  for (const [pattern, word] of sentences) {
    const m = pattern.exec(message);
    if (m) return word(m);
  }
  return message;
}

function fieldLabel(path: string, fields: FieldLabels): string | null {
  const entry = fields[path] ?? fields[path.split(".")[0]];
  if (entry === undefined) return null;
  return typeof entry === "function" ? entry(path) : t(entry);
}

/** Issues as the form lists them: "Name: required", "名称：必填"; a field without a label keeps its path. */
export function localIssues(issues: Issue[], fields: FieldLabels): Issue[] {
  return issues.map((i) => {
    const message = issueSentence(i.message);
    const field = i.path ? fieldLabel(i.path, fields) : null;
    return field === null ? { path: i.path, message } : { path: "", message: t("forms.issue", { field, message }) };
  });
}

/** Why separation of duties refuses a signer (reports/signoff.ts words it in English for the API). */
export function dutyText(reason: string): string {
  if (reason.startsWith("you started this run")) return t("panel.duty.startedRun");
  if (reason.startsWith("you answered questions")) return t("panel.duty.answered");
  return reason;
}

/** A refusal that is not about one field (a locked run, a decided waiver …) as one sentence. */
export function refusalText(err: AppError): string {
  const m = err.message;
  if (err.code === "locked") {
    // audits/run-state.ts: "run 7 was signed off by Li Na on 2026-11-20T12:00:00.000Z; it is locked …"
    const by = /^run \d+ was signed off by (.+) on (\S+); it is locked/.exec(m);
    return by && !Number.isNaN(Date.parse(by[2])) ? t("forms.lockedBy", { name: by[1], at: formatDateTime(Date.parse(by[2])) }) : t("forms.locked");
  }
  if (err.code === "provisional") return t("panel.provisional");
  if (err.code === "unanswered") return t("panel.unanswered", { rules: ((err.extra.rules as string[] | undefined) ?? []).join(", ") });
  if (err.code === "forbidden" && m.startsWith("separation of duties: ")) return t("panel.duty", { reason: dutyText(m.slice("separation of duties: ".length)) });
  if (/was already signed off/.test(m)) return t("panel.error.alreadySigned");
  if (/is not signed off; there is nothing to reopen/.test(m)) return t("panel.error.notSigned");
  if (/only a completed run can be signed off/.test(m)) return t("panel.error.notCompleted");
  if (/answers are taken once it completed|evidence is attached to a completed run/.test(m)) return t("runs.error.notCompleted");
  if (/must be decided by someone other than its requester/.test(m)) return t("waivers.error.ownRequest");
  const decided = /^waiver \d+ is (\w+), not requested/.exec(m);
  if (decided) return t("waivers.error.decided", { status: label(`waiver.${decided[1]}`, decided[1]) });
  return issueSentence(m);
}

/** What a form shows for a refused request: its field issues in words, else the refusal as one sentence. */
export function pageIssues(err: AppError, fields: FieldLabels): Issue[] {
  return err.issues.length ? localIssues(err.issues, fields) : [{ path: "", message: refusalText(err) }];
}

// The shapes of the rows and filters the pages render. Page routes read them (their `queries.ts`) and hand them
// over; views import nothing from server/routes, so dependencies keep pointing one way (views ← server/routes).
import type { attachmentJson } from "../audits/manual-answers.js";
import type { apiTokens, auditTrail, findings, ingestBatches, slaPolicies, tickets, users } from "../server/db/schema.js";

type Ticket = typeof tickets.$inferSelect;

/** One offending record of a result: a ticket's columns, or only the record id when it is not a ticket. */
export interface EvidenceRow {
  recordId: string;
  ticketId: Ticket["id"] | null;
  kind: Ticket["kind"] | null;
  /** the service's name, and its key */
  service: string | null;
  serviceKey: string | null;
  priority: Ticket["priority"] | null;
  summary: Ticket["summary"] | null;
  assignee: Ticket["assignee"] | null;
  openedAt: Ticket["openedAt"] | null;
  resolvedAt: Ticket["resolvedAt"] | null;
  responseMinutes: Ticket["responseMinutes"] | null;
  resolutionMinutes: Ticket["resolutionMinutes"] | null;
  closureMinutes: Ticket["closureMinutes"] | null;
  /** the targets of the SLA policy the ticket was opened under, in minutes */
  responseTarget: Ticket["responseTarget"] | null;
  resolutionTarget: Ticket["resolutionTarget"] | null;
  closureTarget: Ticket["closureTarget"] | null;
  deletedAt: Ticket["deletedAt"] | null;
  /** when the record is an activity: its type, date, title and who did it / what it covered */
  activityType?: string | null;
  activityDate?: string | null;
  activityTitle?: string | null;
  auditor?: string | null;
  area?: string | null;
  areaOwner?: string | null;
  participants?: string[] | null;
  inputs?: string[] | null;
  major?: boolean | null;
}

export type { ManualAnswerRow } from "../audits/manual-answers.js";
export type FindingRow = typeof findings.$inferSelect;

/** An evidence attachment as the engine lists it (never its content). */
export type AttachmentView = ReturnType<typeof attachmentJson>;

/** A waiver with the plan it belongs to. */
export type { WaiverWithPlan as WaiverRow } from "../audits/waiver-queries.js";

export type IngestBatch = typeof ingestBatches.$inferSelect;
export interface PolicyRow {
  policy: typeof slaPolicies.$inferSelect;
  serviceKey: string | null;
  serviceName: string | null;
}

type User = typeof users.$inferSelect;
export type UserRow = Pick<User, "id" | "email" | "name" | "role" | "disabled" | "locale" | "createdAt">;
type ApiToken = typeof apiTokens.$inferSelect;
export type TokenRow = Pick<ApiToken, "id" | "name" | "role" | "prefix" | "createdAt" | "lastUsedAt" | "revokedAt">;
export type TrailRow = typeof auditTrail.$inferSelect;
export interface TrailFilter {
  actor: string;
  entity: string;
  action: string;
  page: number;
}

export interface FindingsFilter {
  /** a finding status, `active` (not closed: the default) or `all` */
  status?: FindingRow["status"] | "active" | "all";
  severity?: FindingRow["severity"];
  plan?: number;
  rule?: string;
  owner?: string;
  overdue?: "1";
  finding?: number;
  sort?: "newest" | "severity" | "due" | "plan" | "rule" | "status";
  order?: "asc" | "desc";
  page?: number;
}

/** The plan form's values as typed, shown again after a validation error. */
export interface PlanFormValues {
  name: string;
  services: string[];
  rules: string[];
  thresholds: Record<string, string>;
  periodType: string;
  days: string;
  start: string;
  end: string;
  schedule: string;
  timezone: string;
  owner: string;
  /** en, zh-CN or bilingual: the language of the plan's PDF reports */
  reportLocale: string;
  /** the rulebook: "<id>" (its latest version at each run) or "<id>@<version>" */
  rulebook?: string;
}

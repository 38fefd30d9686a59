// The one role table of the contract: which role may do what. Routes and views ask `can`.
import type { Role } from "../db/schema.js";

export const permissions = {
  /** read dashboards, plans, runs and findings */
  read: ["viewer", "manager", "auditor", "compliance_officer", "admin"],
  /** update improvement actions assigned to them (auditors and admins may update any) */
  "actions.update_own": ["manager", "auditor", "admin"],
  "plans.write": ["auditor", "admin"],
  "runs.start": ["auditor", "admin"],
  "manual.answer": ["auditor", "admin"],
  "findings.write": ["auditor", "admin"],
  "actions.write": ["auditor", "admin"],
  "waivers.request": ["auditor", "admin"],
  "reports.download": ["compliance_officer", "admin"],
  "waivers.approve": ["compliance_officer", "admin"],
  "runs.signoff": ["compliance_officer", "admin"],
  /** void a sign-off so that a signed run can change again (with a reason) */
  "runs.reopen": ["compliance_officer", "admin"],
  /** write tickets, metrics and activities */
  ingest: ["ingest", "admin"],
  /** the API's own documentation: readers. Not the ingest role: the contract lets it only write ingest data */
  "api.docs": ["viewer", "manager", "auditor", "compliance_officer", "admin"],
  /** a person's own account page (change the password); API tokens have none, whatever their role */
  "account.own": ["viewer", "manager", "auditor", "compliance_officer", "admin"],
  /** ticketing-system connectors (Request Tracker): create, list, sync now, the Connectors page */
  connectors: ["admin"],
  /** one's own notification settings (viewers write nothing: an admin sets theirs) */
  "notifications.own": ["manager", "auditor", "compliance_officer", "admin"],
  /** the data-quality view of the stored tickets (a reading page and API; the machine role `ingest` only writes) */
  "data.quality": ["viewer", "manager", "auditor", "compliance_officer", "admin"],
  /** import a version of an organisation's rulebook (the API and the Rulebooks page's upload form) */
  "rulebooks.import": ["admin"],
  /** users, tokens, settings, the audit trail, the notification outbox and webhook channels */
  admin: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role | undefined | null, permission: Permission): boolean {
  return !!role && (permissions[permission] as readonly Role[]).includes(role);
}

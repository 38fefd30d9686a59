// The one database schema of Assay: service data, SLA policies, accounts, audit plans and their evidence.
// Instants are stored as integer milliseconds since the Unix epoch (UTC); dates as 'YYYY-MM-DD' text.
import { locales } from "../i18n/locales.js";
import { sql } from "drizzle-orm";
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () => integer("created_at").notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

// ---------- service data ----------

export const services = sqliteTable("services", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** Calendar of an SLA policy: 24x7, or business hours in a time zone with holidays. */
export type SlaCalendar =
  | { type: "24x7" }
  | { type: "business"; timezone: string; days: number[]; start: string; end: string; holidays: string[] };

/** Targets in minutes, keyed like the rulebook: incident.<priority>.response|resolution, request.* */
export type SlaTargets = {
  incident: Record<"urgent" | "important" | "general", { response: number; resolution: number }>;
  request: { response: number; urgent: number; general: number; complex: number; feedback: number };
};

export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** null = the built-in policy that applies to every service without its own */
    serviceId: integer("service_id").references(() => services.id),
    name: text("name").notNull(),
    version: integer("version").notNull(),
    effectiveFrom: integer("effective_from").notNull(),
    effectiveTo: integer("effective_to"),
    calendar: text("calendar", { mode: "json" }).$type<SlaCalendar>().notNull(),
    targets: text("targets", { mode: "json" }).$type<SlaTargets>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sla_policies_service_idx").on(t.serviceId, t.effectiveFrom)],
);

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["incident", "request", "problem"] }).notNull(),
    serviceId: integer("service_id").notNull().references(() => services.id),
    priority: text("priority", { enum: ["urgent", "important", "general"] }),
    complex: integer("complex", { mode: "boolean" }).notNull().default(false),
    category: text("category"),
    summary: text("summary"),
    assignee: text("assignee"),
    resolution: text("resolution"),
    channel: text("channel"),
    openedAt: integer("opened_at").notNull(),
    firstResponseAt: integer("first_response_at"),
    resolvedAt: integer("resolved_at"),
    closedAt: integer("closed_at"),
    onHoldMinutes: real("on_hold_minutes"),
    satisfaction: integer("satisfaction"),
    /** Derived at ingest with the service's policy calendar: effective first response (min of response, resolution). */
    responseMinutes: real("response_minutes"),
    /** Derived at ingest: resolution time minus on-hold minutes. */
    resolutionMinutes: real("resolution_minutes"),
    /** Derived at ingest: time to closure (final feedback). */
    closureMinutes: real("closure_minutes"),
    /** Targets in minutes from the SLA policy in force for the service when the ticket was opened (null = no target). */
    responseTarget: real("response_target"),
    resolutionTarget: real("resolution_target"),
    closureTarget: real("closure_target"),
    /** Derived with the targets: the last instant (ms) whose elapsed time from opened_at, under the policy's
     *  calendar, is still within the target; a missing timestamp is breached once asOf is later (null = no target). */
    responseDeadline: integer("response_deadline"),
    resolutionDeadline: integer("resolution_deadline"),
    closureDeadline: integer("closure_deadline"),
    /** Derived at ingest: REC-COMPLETE's test of the record (null only for rows stored before it existed, until start-up fills it). */
    recordComplete: integer("record_complete", { mode: "boolean" }),
    policyId: integer("policy_id"),
    /** 48-bit hash of the stored content; runs sum it to fingerprint the data they read. */
    contentHash: integer("content_hash").notNull(),
    deletedAt: integer("deleted_at"),
    deleteReason: text("delete_reason"),
    ingestedAt: integer("ingested_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** the data change (data_changes.id) that wrote this image of the ticket; earlier images live in ticket_history */
    revision: integer("revision").notNull().default(0),
    /** on an incident or request: the problem record (tickets.id of kind problem) it is linked to, as given */
    problemId: text("problem_id"),
    /** on a problem: the root cause found */
    rootCause: text("root_cause"),
    /** an incident declared major */
    majorIncident: integer("major_incident", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("tickets_opened_idx").on(t.openedAt),
    index("tickets_service_opened_idx").on(t.serviceId, t.openedAt),
    // covering for CSAT-QUARTER (a quarter of resolved tickets counted from the index alone)
    index("tickets_resolved_idx").on(t.resolvedAt, t.satisfaction, t.deletedAt, t.serviceId),
    index("tickets_deleted_idx").on(t.deletedAt),
    // a problem's linked incidents (PROBLEM-RECORDS, the ticket page); partial: most tickets link to no problem
    index("tickets_problem_idx").on(t.problemId).where(sql`problem_id IS NOT NULL`),
    // the period's resolved problems (PROBLEM-RECORDS) and major incidents (MAJOR-INC-PLAN-REVIEW) without reading
    // every resolved ticket; partial: an ingested ticket of another kind pays nothing for them
    index("tickets_problem_resolved_idx").on(t.resolvedAt).where(sql`kind = 'problem'`),
    index("tickets_major_resolved_idx").on(t.resolvedAt).where(sql`major_incident = 1`),
  ],
);

export const metricSamples = sqliteTable(
  "metric_samples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    metric: text("metric").notNull(),
    /** 0 = organisation-wide (no service); a real id otherwise. 0 keeps the unique key total. */
    serviceId: integer("service_id").notNull().default(0),
    at: integer("at").notNull(),
    value: real("value").notNull(),
    unit: text("unit"),
    updatedAt: integer("updated_at").notNull(),
    /** the data change that wrote this image; earlier images live in metric_history */
    revision: integer("revision").notNull().default(0),
  },
  (t) => [uniqueIndex("metric_samples_key").on(t.metric, t.serviceId, t.at)],
);

export const activities = sqliteTable(
  "activities",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    /** 'YYYY-MM-DD' */
    date: text("date").notNull(),
    /** instant of the activity, ms; midnight UTC of `date` when only a date was given */
    at: integer("at").notNull(),
    /** only a date was given: the day counts from its first instant in the plan's time zone
     *  (null only for rows stored before this was recorded, until start-up fills it) */
    dateOnly: integer("date_only", { mode: "boolean" }),
    serviceId: integer("service_id").references(() => services.id),
    title: text("title"),
    outcome: text("outcome"),
    score: real("score"),
    ticketId: text("ticket_id"),
    updatedAt: integer("updated_at").notNull(),
    /** the data change that wrote this image; earlier images live in activity_history */
    revision: integer("revision").notNull().default(0),
    /** people who took part (training attendees), as given: a JSON array of strings, read with json_each */
    participants: text("participants", { mode: "json" }).$type<string[]>(),
    /** an internal audit: who audited, the area audited, who owns that area */
    auditor: text("auditor"),
    area: text("area"),
    areaOwner: text("area_owner"),
    /** a management review: the inputs it covered (managementReviewInputs), a JSON array */
    inputs: text("inputs", { mode: "json" }).$type<string[]>(),
    /** a change marked major */
    major: integer("major", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("activities_type_at_idx").on(t.type, t.at), index("activities_ticket_idx").on(t.ticketId)],
);

/**
 * Ticket ids an import in progress has written so far, so that an id repeated in a later chunk of a CSV file is
 * refused without holding a million ids in memory. Rows live only inside the import's transaction (a libSQL
 * server refuses TEMP tables).
 */
export const importIds = sqliteTable(
  "import_ids",
  {
    importKey: text("import_key").notNull(),
    id: text("id").notNull(),
    /** position of the item in the import */
    pos: integer("pos").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importKey, t.id] })],
);

export const ingestBatches = sqliteTable("ingest_batches", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  entity: text("entity", { enum: ["tickets", "metrics", "activities"] }).notNull(),
  source: text("source").notNull(),
  status: text("status", { enum: ["running", "completed", "failed"] }).notNull(),
  received: integer("received").notNull().default(0),
  inserted: integer("inserted").notNull().default(0),
  updated: integer("updated").notNull().default(0),
  error: text("error"),
  actor: text("actor"),
  startedAt: integer("started_at").notNull(),
  finishedAt: integer("finished_at"),
});


/**
 * One row per change to service data (an ingest batch, an import, a soft delete, a policy recompute, a purge):
 * its id is the revision that the changed rows carry, so "the data as it stood" at a run is "revision ≤ R".
 */
export const dataChanges = sqliteTable("data_changes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  at: integer("at").notNull(),
  actor: text("actor").notNull(),
  kind: text("kind", { enum: ["ingest", "delete", "policy", "purge"] }).notNull(),
  /** the ingest batch of an ingest change */
  batchId: integer("batch_id"),
  source: text("source"),
  reason: text("reason"),
});

/**
 * Before-images of tickets, append-only: when a change replaces a ticket's stored image, the old image is copied
 * here with the revision that wrote it and the revision that replaced it, and the fields that changed.
 */
export const ticketHistory = sqliteTable(
  "ticket_history",
  {
    ticketId: text("ticket_id").notNull(),
    /** the change that wrote this image */
    revision: integer("revision").notNull(),
    /** the change that replaced it */
    supersededBy: integer("superseded_by").notNull(),
    /** contract field names that the superseding change altered */
    changed: text("changed", { mode: "json" }).$type<string[]>(),
    kind: text("kind").notNull(),
    serviceId: integer("service_id").notNull(),
    priority: text("priority"),
    complex: integer("complex", { mode: "boolean" }).notNull(),
    category: text("category"),
    summary: text("summary"),
    assignee: text("assignee"),
    resolution: text("resolution"),
    channel: text("channel"),
    openedAt: integer("opened_at").notNull(),
    firstResponseAt: integer("first_response_at"),
    resolvedAt: integer("resolved_at"),
    closedAt: integer("closed_at"),
    onHoldMinutes: real("on_hold_minutes"),
    satisfaction: integer("satisfaction"),
    responseMinutes: real("response_minutes"),
    resolutionMinutes: real("resolution_minutes"),
    closureMinutes: real("closure_minutes"),
    responseTarget: real("response_target"),
    resolutionTarget: real("resolution_target"),
    closureTarget: real("closure_target"),
    responseDeadline: integer("response_deadline"),
    resolutionDeadline: integer("resolution_deadline"),
    closureDeadline: integer("closure_deadline"),
    recordComplete: integer("record_complete", { mode: "boolean" }),
    policyId: integer("policy_id"),
    contentHash: integer("content_hash").notNull(),
    deletedAt: integer("deleted_at"),
    deleteReason: text("delete_reason"),
    ingestedAt: integer("ingested_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    problemId: text("problem_id"),
    rootCause: text("root_cause"),
    majorIncident: integer("major_incident", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.revision] }), index("ticket_history_superseded_idx").on(t.supersededBy)],
);

/** Before-images of activities (see ticket_history). */
export const activityHistory = sqliteTable(
  "activity_history",
  {
    activityId: text("activity_id").notNull(),
    revision: integer("revision").notNull(),
    supersededBy: integer("superseded_by").notNull(),
    type: text("type").notNull(),
    date: text("date").notNull(),
    at: integer("at").notNull(),
    dateOnly: integer("date_only", { mode: "boolean" }),
    serviceId: integer("service_id"),
    title: text("title"),
    outcome: text("outcome"),
    score: real("score"),
    ticketId: text("ticket_id"),
    updatedAt: integer("updated_at").notNull(),
    participants: text("participants", { mode: "json" }).$type<string[]>(),
    auditor: text("auditor"),
    area: text("area"),
    areaOwner: text("area_owner"),
    inputs: text("inputs", { mode: "json" }).$type<string[]>(),
    major: integer("major", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.revision] })],
);

/** Before-images of metric samples whose value was replaced (see ticket_history). */
export const metricHistory = sqliteTable(
  "metric_history",
  {
    sampleId: integer("sample_id").notNull(),
    revision: integer("revision").notNull(),
    supersededBy: integer("superseded_by").notNull(),
    metric: text("metric").notNull(),
    serviceId: integer("service_id").notNull(),
    at: integer("at").notNull(),
    value: real("value").notNull(),
    unit: text("unit"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sampleId, t.revision] })],
);

/** The keys and counters shared by the daily and monthly KPI rollups. */
const rollupColumns = () => ({
  serviceId: integer("service_id").notNull(),
  kind: text("kind").notNull(),
  priority: text("priority").notNull(),
  category: text("category").notNull(),
  opened: integer("opened").notNull(),
  responseMet: integer("response_met").notNull(),
  responseBreached: integer("response_breached").notNull(),
  /** no response yet, where a target applies (breached or pending depending on when one looks) */
  responseMissing: integer("response_missing").notNull(),
  resolutionMet: integer("resolution_met").notNull(),
  resolutionBreached: integer("resolution_breached").notNull(),
  resolutionMissing: integer("resolution_missing").notNull(),
  resolvedCount: integer("resolved_count").notNull(),
  resolutionMinutesSum: real("resolution_minutes_sum").notNull(),
  responseCount: integer("response_count").notNull(),
  responseMinutesSum: real("response_minutes_sum").notNull(),
  rated: integer("rated").notNull(),
  satisfied: integer("satisfied").notNull(),
});

/** Daily KPI rollup kept up to date at ingest (deltas), so that dashboards never scan the ticket table.
 *  Keyed by the UTC day of opened_at; '' stands for a null priority or category. */
export const ticketDailyRollup = sqliteTable(
  "ticket_daily_rollup",
  {
    day: text("day").notNull(),
    ...rollupColumns(),
  },
  (t) => [primaryKey({ columns: [t.day, t.serviceId, t.kind, t.priority, t.category] })],
);

/** The daily rollup summed per UTC month ('YYYY-MM'), kept equal to it by SQL triggers on ticket_daily_rollup
 *  (migration 0001 kpi_monthly_rollup_triggers), so that KPI charts over months read a few thousand rows. */
export const ticketMonthlyRollup = sqliteTable(
  "ticket_monthly_rollup",
  {
    month: text("month").notNull(),
    ...rollupColumns(),
  },
  (t) => [primaryKey({ columns: [t.month, t.serviceId, t.kind, t.priority, t.category] })],
);

/** Per month (UTC), counts of durations in log-scale buckets, for p50/p90 charts without a ticket scan. */
export const ticketDurationHist = sqliteTable(
  "ticket_duration_hist",
  {
    month: text("month").notNull(),
    serviceId: integer("service_id").notNull(),
    kind: text("kind").notNull(),
    priority: text("priority").notNull(),
    measure: text("measure", { enum: ["response", "resolution"] }).notNull(),
    bucket: integer("bucket").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.serviceId, t.kind, t.priority, t.measure, t.bucket] }),
    // covering the percentile query (months × measure × bucket), so it never reads the table
    index("ticket_duration_hist_cover_idx").on(t.month, t.measure, t.bucket, t.serviceId, t.kind, t.priority, t.count),
  ],
);

/** Tickets opened and resolved per UTC day, for the open-backlog chart. */
export const ticketDailyFlow = sqliteTable(
  "ticket_daily_flow",
  {
    day: text("day").notNull(),
    serviceId: integer("service_id").notNull(),
    kind: text("kind").notNull(),
    priority: text("priority").notNull(),
    opened: integer("opened").notNull(),
    resolved: integer("resolved").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.serviceId, t.kind, t.priority] }),
    // covering the backlog sums, so they never read the table
    index("ticket_daily_flow_cover_idx").on(t.day, t.serviceId, t.kind, t.priority, t.opened, t.resolved),
  ],
);

// ---------- accounts ----------

export const roles = ["viewer", "manager", "auditor", "compliance_officer", "admin", "ingest"] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: roles }).notNull(),
  passwordHash: text("password_hash").notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  /** the user's language (en, zh-CN); null: the browser's Accept-Language decides */
  locale: text("locale", { enum: locales }),
  createdAt: createdAt(),
});

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the session id; the id itself only lives in the cookie */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id").notNull().references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  role: text("role", { enum: roles }).notNull(),
  /** SHA-256 of the token; the token is shown once */
  tokenHash: text("token_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  createdBy: integer("created_by"),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
  createdAt: createdAt(),
});

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    address: text("address").notNull(),
    at: integer("at").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
  },
  (t) => [index("login_attempts_email_idx").on(t.email, t.at), index("login_attempts_address_idx").on(t.address, t.at)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/** Every change: who, what, when, before and after; each row chained to the previous by SHA-256. */
export const auditTrail = sqliteTable(
  "audit_trail",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: text("before"),
    after: text("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_trail_entity_idx").on(t.entity, t.entityId), index("audit_trail_at_idx").on(t.at)],
);

// ---------- audit plans and their evidence ----------

export type PlanPeriod =
  | { type: "previous_month" }
  | { type: "previous_quarter" }
  | { type: "rolling_days"; days: number }
  | { type: "custom"; start: string; end: string };

/** A plan as a run judged it (audits/runs.ts snapshotOf): a run reads its rules and scope from here, not the plan. */
export interface PlanSnapshot {
  name: string;
  rulebook: string;
  rules: string[];
  thresholds: Record<string, number>;
  services: string[] | null;
  period: PlanPeriod;
  timezone: string;
  owner: string | null;
}

/** The languages a PDF report is written in: one of the UI languages, or both side by side. */
export const reportLocales = [...locales, "bilingual"] as const;
export type ReportLocale = (typeof reportLocales)[number];

/** A result's message as data: the catalogue key (server/i18n) and the values it is formatted with. */
export interface ResultMessageArgs {
  key: string;
  values: Record<string, string | number | null>;
  /** a waived result: its message is followed by the waiver's expiry (YYYY-MM-DD) and reason ("result.waived") */
  waiver?: { until: string; reason: string };
}

export const plans = sqliteTable("plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  rulebook: text("rulebook").notNull(),
  /** the rulebook's version the plan's runs judge with ("1.1.0"); null = its latest version at each run */
  rulebookVersion: text("rulebook_version"),
  /** rule ids; null = every rule of the rulebook */
  rules: text("rules", { mode: "json" }).$type<string[] | null>(),
  thresholds: text("thresholds", { mode: "json" }).$type<Record<string, number>>().notNull(),
  /** service keys; null = all services */
  services: text("services", { mode: "json" }).$type<string[] | null>(),
  period: text("period", { mode: "json" }).$type<PlanPeriod>().notNull(),
  schedule: text("schedule"),
  timezone: text("timezone").notNull().default("UTC"),
  owner: text("owner"),
  /** the language of the plan's PDF reports (a download may ask for another with ?lang=) */
  reportLocale: text("report_locale", { enum: reportLocales }).notNull().default("en"),
  deletedAt: integer("deleted_at"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at").notNull(),
});

export const runStatuses = ["queued", "running", "completed", "failed", "interrupted"] as const;
export type RunStatus = (typeof runStatuses)[number];

export const runs = sqliteTable(
  "runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    status: text("status", { enum: runStatuses }).notNull(),
    trigger: text("trigger", { enum: ["manual", "schedule", "catch_up", "demo"] }).notNull(),
    scheduledFor: integer("scheduled_for"),
    periodStart: integer("period_start").notNull(),
    periodEnd: integer("period_end").notNull(),
    timezone: text("timezone").notNull(),
    /** snapshot of the plan as it ran: rules, thresholds, services */
    planSnapshot: text("plan_snapshot", { mode: "json" }).$type<PlanSnapshot>().notNull(),
    rulebookVersion: text("rulebook_version").notNull(),
    policyVersions: text("policy_versions", { mode: "json" }).$type<number[]>(),
    dataHash: text("data_hash"),
    /** the highest data change the run read (it evaluated one consistent snapshot): verify-run rebuilds the data as of it */
    dataRevision: integer("data_revision"),
    /** started before its period ended: judged as of its start, raises nothing, cannot be signed off */
    provisional: integer("provisional", { mode: "boolean" }).notNull().default(false),
    /** the instant the rules were judged at: the period's end, or the start of a provisional run */
    asOf: integer("as_of"),
    /** the wall-clock instant the run read its data (actions and other runs are read as they stood then) */
    evaluatedAt: integer("evaluated_at"),
    /** bumped by every change to what the run's report says (answers, waivers, sign-off, reopening) */
    stateRevision: integer("state_revision").notNull().default(0),
    score: real("score"),
    scoreRaw: real("score_raw"),
    error: text("error"),
    startedBy: text("started_by").notNull(),
    /** process that holds the run; a restart marks runs left 'running' as interrupted */
    worker: text("worker"),
    createdAt: createdAt(),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("runs_plan_idx").on(t.planId, t.id), index("runs_status_idx").on(t.status)],
);

export const resultStatuses = ["pass", "fail", "not_applicable", "waived", "pending", "error"] as const;
export type ResultStatus = (typeof resultStatuses)[number];

export const runResults = sqliteTable(
  "run_results",
  {
    runId: integer("run_id").notNull().references(() => runs.id),
    ruleId: text("rule_id").notNull(),
    status: text("status", { enum: resultStatuses }).notNull(),
    /** the status before waivers */
    rawStatus: text("raw_status", { enum: resultStatuses }).notNull(),
    value: real("value"),
    threshold: real("threshold"),
    population: integer("population").notNull(),
    smallPopulation: integer("small_population", { mode: "boolean" }).notNull().default(false),
    evidenceCount: integer("evidence_count").notNull(),
    evidenceIds: text("evidence_ids", { mode: "json" }).$type<string[]>().notNull(),
    message: text("message").notNull(),
    /** the message as a catalogue key and its values, so that pages and reports show it in the reader's language */
    messageArgs: text("message_args", { mode: "json" }).$type<ResultMessageArgs>(),
    /** activity rules: the date by which the next activity is due, 'YYYY-MM-DD' */
    nextDue: text("next_due"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.ruleId] })],
);

/** Every offending record of a result (the result keeps only the first 50), for paged drill-down. */
/** WITHOUT ROWID in the database (migration 0004; drizzle has no option for it): the key is the table. */
export const runEvidence = sqliteTable(
  "run_evidence",
  {
    runId: integer("run_id").notNull(),
    ruleId: text("rule_id").notNull(),
    recordId: text("record_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.ruleId, t.recordId] })],
);

export const manualAnswers = sqliteTable(
  "manual_answers",
  {
    runId: integer("run_id").notNull().references(() => runs.id),
    ruleId: text("rule_id").notNull(),
    answer: text("answer", { enum: ["conformant", "nonconformant", "not_applicable", "deferred"] }).notNull(),
    note: text("note"),
    answeredBy: text("answered_by").notNull(),
    answeredAt: integer("answered_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.ruleId] })],
);

export const attachments = sqliteTable("attachments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  runId: integer("run_id").notNull().references(() => runs.id),
  ruleId: text("rule_id").notNull(),
  filename: text("filename").notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  sha256: text("sha256").notNull(),
  content: blob("content", { mode: "buffer" }).notNull(),
  uploadedBy: text("uploaded_by").notNull(),
  createdAt: createdAt(),
});

export const findingStatuses = ["open", "resolved_pending_verification", "closed"] as const;

export const findings = sqliteTable(
  "findings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    ruleId: text("rule_id").notNull(),
    severity: text("severity", { enum: ["major", "minor", "observation"] }).notNull(),
    /** major_nonconformity | minor_nonconformity | observation */
    grade: text("grade").notNull(),
    status: text("status", { enum: findingStatuses }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    firstRunId: integer("first_run_id").notNull(),
    lastRunId: integer("last_run_id").notNull(),
    recurrence: integer("recurrence").notNull().default(1),
    evidenceCount: integer("evidence_count").notNull().default(0),
    evidenceIds: text("evidence_ids", { mode: "json" }).$type<string[]>().notNull(),
    resolvedRunId: integer("resolved_run_id"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("findings_plan_rule_idx").on(t.planId, t.ruleId, t.status)],
);

export const actionStatuses = ["open", "in_progress", "done", "verified"] as const;

export const actions = sqliteTable(
  "actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    findingId: integer("finding_id").notNull().references(() => findings.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    owner: text("owner"),
    /** 'YYYY-MM-DD' or null (observations have no due date) */
    dueDate: text("due_date"),
    status: text("status", { enum: actionStatuses }).notNull(),
    completedAt: integer("completed_at"),
    verifiedAt: integer("verified_at"),
    verifiedRunId: integer("verified_run_id"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("actions_finding_idx").on(t.findingId), index("actions_due_idx").on(t.dueDate)],
);

export const waivers = sqliteTable(
  "waivers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    ruleId: text("rule_id").notNull(),
    reason: text("reason").notNull(),
    requestedBy: text("requested_by").notNull(),
    approvedBy: text("approved_by"),
    approvedAt: integer("approved_at"),
    status: text("status", { enum: ["requested", "approved", "rejected", "revoked"] }).notNull(),
    /** 'YYYY-MM-DD', the first day the waiver applies (null on waivers from before it existed: the request date) */
    validFrom: text("valid_from"),
    /** 'YYYY-MM-DD', the last day the waiver applies */
    expiresOn: text("expires_on").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("waivers_plan_rule_idx").on(t.planId, t.ruleId)],
);

/** One row per scheduled occurrence: the process whose insert wins runs it, so it runs exactly once. */
export const scheduleClaims = sqliteTable(
  "schedule_claims",
  {
    planId: integer("plan_id").notNull(),
    scheduledFor: integer("scheduled_for").notNull(),
    worker: text("worker").notNull(),
    runId: integer("run_id"),
    claimedAt: integer("claimed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.scheduledFor] })],
);

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id").notNull().references(() => runs.id),
    version: integer("version").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    /** the PDF bytes, stored so that every download of a version is byte-identical */
    pdf: blob("pdf", { mode: "buffer" }).notNull(),
    signoffId: integer("signoff_id"),
    /** runs.state_revision that this version shows */
    stateRevision: integer("state_revision").notNull().default(0),
    /** the language of this version: each language of a state is its own stored, hashed version */
    locale: text("locale", { enum: reportLocales }).notNull().default("en"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("reports_run_version_idx").on(t.runId, t.version)],
);

export const signoffs = sqliteTable("signoffs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  runId: integer("run_id").notNull().references(() => runs.id),
  name: text("name").notNull(),
  userId: integer("user_id"),
  comment: text("comment"),
  signedAt: integer("signed_at").notNull(),
  /** a reopened run's sign-off is voided, never deleted: who, when and why */
  voidedAt: integer("voided_at"),
  voidedBy: text("voided_by"),
  voidReason: text("void_reason"),
});


// ---------- accounts: single sign-on identities ----------

/**
 * A user's identity at an OpenID provider: the provider's issuer and its stable subject (`sub`). Sign-in matches on
 * this pair, not on the e-mail, once it is known: a provider may let a user change their address, and an address
 * re-used by someone else must not inherit the account. A user may also keep a password (both ways work).
 */
export const externalIdentities = sqliteTable(
  "external_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    createdAt: createdAt(),
    lastSignInAt: integer("last_sign_in_at"),
  },
  (t) => [uniqueIndex("external_identities_subject_idx").on(t.issuer, t.subject), index("external_identities_user_idx").on(t.userId)],
);

// ---------- connectors: live sync from ticketing systems (Request Tracker 5) ----------

/** How a connector's source values become contract fields (see server/connectors/rt/mapping.ts for the defaults). */
export interface ConnectorMapping {
  /** prefix of the Assay ticket id: "RT-" + the RT ticket id */
  id_prefix?: string;
  kind?: "incident" | "request" | "problem";
  /** exact RT priority values (numbers or names) first, then the first range whose `min` the number reaches */
  priority?: { values?: Record<string, "urgent" | "important" | "general">; ranges?: { min: number; priority: "urgent" | "important" | "general" }[] };
  /** contract field → RT custom field name (category, channel, resolution, satisfaction, complex) */
  custom_fields?: Record<string, string>;
}

export const connectors = sqliteTable("connectors", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  kind: text("kind", { enum: ["rt"] }).notNull(),
  /** the RT base URL, without /REST/2.0 */
  url: text("url").notNull(),
  queue: text("queue").notNull(),
  /** the Assay service of every synced ticket (default: the queue's name) */
  service: text("service"),
  /** the environment variable that holds the token (read at each sync, never stored) */
  tokenEnv: text("token_env"),
  /** or the token itself, AES-256-GCM under ASSAY_SECRET_KEY: base64url iv.tag.ciphertext */
  tokenEncrypted: text("token_encrypted"),
  mapping: text("mapping", { mode: "json" }).$type<ConnectorMapping>().notNull(),
  /** node-cron expression, UTC */
  schedule: text("schedule").notNull().default("*/15 * * * *"),
  /** the greatest RT LastUpdated seen so far ('YYYY-MM-DD HH:MM:SS', UTC); advanced in the sync's own transaction */
  cursor: text("cursor"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at").notNull(),
});

export const connectorSyncs = sqliteTable(
  "connector_syncs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    connectorId: integer("connector_id").notNull().references(() => connectors.id),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    status: text("status", { enum: ["running", "succeeded", "failed"] }).notNull(),
    ticketsRead: integer("tickets_read").notNull().default(0),
    ticketsChanged: integer("tickets_changed").notNull().default(0),
    error: text("error"),
    /** who started it: "scheduler", "cli", a user's email */
    actor: text("actor").notNull(),
    /** the process running it, "host:pid": a running sync whose process is gone is closed at once */
    worker: text("worker"),
  },
  (t) => [index("connector_syncs_connector_idx").on(t.connectorId, t.startedAt)],
);

// ---------- notifications (outbox, webhook channels, preferences, password reset links) ----------

export const notificationEvents = [
  "action.assigned",
  "action.due_soon",
  "action.overdue",
  "run.nonconformities",
  "report.awaiting_signoff",
  "waiver.awaiting_approval",
  "waiver.expiring",
  "obligation.due",
  "ingest.failed",
  "digest",
  "password.reset",
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];
export const notificationStatuses = ["pending", "sending", "sent", "failed"] as const;
export const webhookKinds = ["generic", "dingtalk", "wecom", "feishu"] as const;
export type WebhookKind = (typeof webhookKinds)[number];
export const deliveryModes = ["immediately", "daily_digest", "off"] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

/** Admin-configured chat and webhook endpoints; the signing secret is stored encrypted or named by an env var. */
export const notificationChannels = sqliteTable("notification_channels", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  kind: text("kind", { enum: webhookKinds }).notNull(),
  url: text("url").notNull(),
  /** AES-256-GCM under ASSAY_SECRET_KEY: "v1:iv:tag:ciphertext" (base64url); null: none or `secretEnv` */
  secretEncrypted: text("secret_encrypted"),
  /** the name of an environment variable holding the secret, instead of storing it */
  secretEnv: text("secret_env"),
  /** the events it receives */
  events: text("events", { mode: "json" }).$type<NotificationEvent[]>().notNull(),
  /** the language its messages are written in */
  locale: text("locale", { enum: locales }).notNull().default("en"),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** The transactional outbox: written in the same transaction as its event, sent by `assay notify`. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    event: text("event", { enum: notificationEvents }).notNull(),
    /** the event and the recipient: the same event reaches a recipient once */
    dedupeKey: text("dedupe_key").notNull().unique(),
    channel: text("channel", { enum: ["email", "webhook"] }).notNull(),
    userId: integer("user_id"),
    /** the e-mail address (a user's, or an action owner's without an account) */
    address: text("address"),
    channelId: integer("channel_id"),
    /** sent on its own, or collected into the recipient's daily digest */
    delivery: text("delivery", { enum: ["immediately", "daily_digest"] }).notNull().default("immediately"),
    /** the digest notification that carried it */
    digestId: integer("digest_id"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: notificationStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** pending: when to try; sending: when the claim's lease expires */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sentAt: integer("sent_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("notifications_due_idx").on(t.status, t.nextAttemptAt), index("notifications_digest_idx").on(t.delivery, t.userId, t.status)],
);

/** Per user and channel: each notification at once, in a daily digest, or not at all (default: at once). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: integer("user_id").notNull().references(() => users.id),
    channel: text("channel", { enum: ["email"] }).notNull(),
    mode: text("mode", { enum: deliveryModes }).notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.channel] })],
);

/** "Forgot password?" requests: every request (rate limits), and for a known account its single-use link. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    address: text("address").notNull(),
    userId: integer("user_id"),
    /** SHA-256 of the token; the token itself only travels in the e-mail */
    tokenHash: text("token_hash").unique(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("password_resets_email_idx").on(t.email, t.createdAt), index("password_resets_address_idx").on(t.address, t.createdAt)],
);
// ---- Work queues and working tables (issue 14, parts 1–2): action comments and evidence, finding closures ----

/** A remark on an improvement action (progress, a question to the owner); append-only like the trail. */
export const actionComments = sqliteTable(
  "action_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actionId: integer("action_id").notNull().references(() => actions.id),
    body: text("body").notNull(),
    author: text("author").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("action_comments_action_idx").on(t.actionId, t.id)],
);

/**
 * Evidence of an action's remediation: the same storage as a run's attachments (bytes in the row with their SHA-256,
 * the same size cap), kept apart so that it never appears among a signed run's evidence or in its PDF.
 */
export const actionAttachments = sqliteTable(
  "action_attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actionId: integer("action_id").notNull().references(() => actions.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    content: blob("content", { mode: "buffer" }).notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("action_attachments_action_idx").on(t.actionId)],
);

/** How a finding was closed: its root cause and the effectiveness check (a later run of its plan that passed the rule). */
export const findingClosures = sqliteTable("finding_closures", {
  findingId: integer("finding_id")
    .primaryKey()
    .references(() => findings.id),
  rootCause: text("root_cause").notNull(),
  verifiedByRunId: integer("verified_by_run_id")
    .notNull()
    .references(() => runs.id),
  closedBy: text("closed_by").notNull(),
  closedAt: integer("closed_at").notNull(),
});

/**
 * The organisation's own justifications, per plan, of ISO/IEC 20000-1 clauses its rules do not cover (the statement of
 * applicability), as a history: the latest row of a plan and clause is in force (a null justification returns to the
 * catalogue's default, audits/clauses.ts), and a signed-off run's report reads the rows written before its sign-off.
 */
export const planClauseJustifications = sqliteTable(
  "plan_clause_justifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id),
    clause: text("clause").notNull(),
    justification: text("justification"),
    updatedBy: text("updated_by").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("plan_clause_justifications_plan_idx").on(t.planId, t.clause, t.id)],
);

/**
 * An organisation's rulebook, one row per imported version (audits/rulebooks/store.ts): the file as written, the
 * rules it resolves to, and its SHA-256. A version is never changed once a run has judged with it.
 */
export const rulebookVersions = sqliteTable(
  "rulebook_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rulebookId: text("rulebook_id").notNull(),
    /** the semantic version, e.g. 1.2.0 */
    version: text("version").notNull(),
    title: text("title").notNull(),
    /** the file's text as imported (YAML or JSON) */
    source: text("source").notNull(),
    /** the rules it resolves to (audits/rulebooks/types.ts Rulebook) */
    definition: text("definition", { mode: "json" }).$type<import("../../audits/rulebooks/types.js").Rulebook>().notNull(),
    sha256: text("sha256").notNull(),
    importedBy: text("imported_by").notNull(),
    importedAt: integer("imported_at").notNull(),
  },
  (t) => [uniqueIndex("rulebook_versions_id_version_idx").on(t.rulebookId, t.version)],
);

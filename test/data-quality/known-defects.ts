// Tickets with known defects for the data-quality tests, and what the rulebook's text says each would fail,
// computed here from the rulebook (../shared/domain/rulebook.md, Records) without Assay's code.
export interface Ticket {
  id: string;
  kind: "incident" | "request";
  service: string;
  priority: "urgent" | "important" | "general" | null;
  category: string | null;
  summary: string | null;
  assignee: string | null;
  resolution: string | null;
  opened_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}

const base = (id: string, over: Partial<Ticket> = {}): Ticket => ({
  id, kind: "incident", service: "desk", priority: "general", category: "network", summary: "VPN drops", assignee: "li.na",
  resolution: "restarted", opened_at: "2026-10-05T08:00:00Z", first_response_at: "2026-10-05T08:10:00Z",
  resolved_at: "2026-10-05T10:00:00Z", closed_at: "2026-10-06T10:00:00Z", ...over,
});

/** 11 tickets, 9 of them defective; then clean ones to make the offending rows a minority. */
export const defective: Ticket[] = [
  base("IT-2026-001"),
  base("IT-2026-002", { summary: "\u3000 " }),
  base("IT-2026-003", { category: null, assignee: "  " }),
  base("IT-2026-004", { priority: null }),
  base("inc-7"),
  base("IT-2026-006", { resolution: null }),
  base("IT-2026-007", { first_response_at: "2026-10-05T07:59:00Z" }),
  base("IT-2026-008", { resolved_at: "2026-10-05T07:00:00Z", closed_at: "2026-10-05T09:00:00Z" }),
  base("IT-2026-009", { closed_at: "2026-10-05T09:00:00Z" }),
  base("IT-2026-010", { summary: null, resolved_at: null, resolution: null, closed_at: "2026-10-05T07:30:00Z" }),
  base("FS-2026-001", { service: "field", opened_at: "2026-11-02T08:00:00Z", first_response_at: "2026-11-02T08:05:00Z", resolved_at: "2026-11-02T09:00:00Z", closed_at: "2026-11-02T09:30:00Z" }),
  base("FS-2026-002", { service: "field", opened_at: "2026-11-03T08:00:00Z", first_response_at: "2026-11-02T08:05:00Z", resolved_at: null, resolution: null, closed_at: null }),
];

export const clean: Ticket[] = Array.from({ length: 40 }, (_, i) => base(`OK-2026-${String(i + 1).padStart(3, "0")}`, { service: i % 2 ? "desk" : "field" }));

const id = /^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$/;
const blank = (v: string | null) => v === null || /^\p{White_Space}*$/u.test(v);
const ms = (v: string | null) => (v === null ? null : Date.parse(v));
const before = (a: string | null, b: string | null) => a !== null && b !== null && ms(a)! < ms(b)!;

export interface Expected {
  id: string;
  service: string;
  incomplete: string[];
  inconsistent: string[];
}

/** REC-COMPLETE's and REC-CONSISTENT's tests, read off the rulebook (no on-hold time here, so a negative resolution time is a resolution before opening). */
export function expectedOf(t: Ticket): Expected {
  const incomplete = [
    blank(t.summary) && "summary",
    blank(t.category) && "category",
    t.priority === null && "priority",
    blank(t.assignee) && "assignee",
    !id.test(t.id) && "id",
    t.resolved_at !== null && blank(t.resolution) && "resolution",
  ].filter((x): x is string => !!x);
  const inconsistent = [
    before(t.first_response_at, t.opened_at) && "first_response_before_opened",
    before(t.resolved_at, t.opened_at) && "resolved_before_opened",
    before(t.closed_at, t.resolved_at) && "closed_before_resolved",
    before(t.closed_at, t.opened_at) && "closed_before_opened",
    before(t.resolved_at, t.opened_at) && "negative_resolution_time",
  ].filter((x): x is string => !!x);
  return { id: t.id, service: t.service, incomplete, inconsistent };
}

/** The expected report of a set of tickets: counts, and the offending rows ordered by id (code-point order, as SQLite's). */
export function expectedReport(tickets: Ticket[]) {
  const all = tickets.map(expectedOf);
  const offending = all.filter((e) => e.incomplete.length || e.inconsistent.length).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const checks = ["first_response_before_opened", "resolved_before_opened", "closed_before_resolved", "closed_before_opened", "negative_resolution_time"];
  return {
    tickets: tickets.length,
    incomplete: all.filter((e) => e.incomplete.length).length,
    inconsistent: all.filter((e) => e.inconsistent.length).length,
    offending: offending.length,
    checks: Object.fromEntries(checks.map((c) => [c, all.filter((e) => e.inconsistent.includes(c)).length])),
    rows: offending,
  };
}

/** The tickets as the contract's CSV (the plain import's columns). */
export function ticketsCsv(tickets: Ticket[]): string {
  const cols = ["id", "kind", "service", "priority", "category", "summary", "assignee", "resolution", "opened_at", "first_response_at", "resolved_at", "closed_at"] as const;
  const cell = (v: string | null) => (v === null ? "" : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [cols.join(","), ...tickets.map((t) => cols.map((c) => cell(t[c])).join(","))].join("\n") + "\n";
}

// Small factories for contract-shaped records.
import type { TicketInput } from "../../server/contract/index.js";
import type { PlanSnapshot } from "../../server/db/schema.js";

export function ticket(n: number, overrides: Partial<TicketInput> = {}): TicketInput {
  const opened = Date.parse("2026-10-01T00:00:00Z") + n * 60_000;
  return {
    id: `IT-2026-${String(n).padStart(6, "0")}`,
    kind: "incident",
    service: "email",
    priority: "general",
    category: "system_failure",
    summary: `ticket ${n}`,
    assignee: "alice",
    opened_at: new Date(opened).toISOString(),
    first_response_at: new Date(opened + 30 * 60_000).toISOString(),
    resolved_at: new Date(opened + 90 * 60_000).toISOString(),
    resolution: "fixed",
    satisfaction: 5,
    ...overrides,
  };
}

/** A run's plan snapshot, for run rows written directly. */
export function planSnapshot(overrides: Partial<PlanSnapshot> = {}): PlanSnapshot {
  return { name: "plan", rulebook: "iso20000-support", rules: [], thresholds: {}, services: null, period: { type: "previous_month" }, timezone: "UTC", owner: null, ...overrides };
}

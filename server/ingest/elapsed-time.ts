// Elapsed time between two instants under an SLA calendar (calendar time 24x7, or business hours only), and
// the deadline of a target: the last instant whose elapsed time from opening is still within it.
import type { SlaCalendar } from "../db/schema.js";
import { BusinessHours } from "./business-time.js";
import type { TicketTargets } from "./sla-policies.js";

const minuteMs = 60_000;

export function elapsedMinutes(calendar: SlaCalendar, from: number, to: number): number {
  if (calendar.type === "24x7" || to <= from) return (to - from) / minuteMs;
  return BusinessHours.of(calendar).minutes(from, to);
}

/** The last whole ms at which elapsedMinutes(calendar, from, ·) ≤ minutes: asOf breaches the target exactly when asOf > it. */
export function deadlineAfter(calendar: SlaCalendar, from: number, minutes: number): number {
  if (calendar.type === "24x7") return Math.floor(from + minutes * minuteMs);
  return BusinessHours.of(calendar).deadline(from, minutes);
}

export interface TicketTimes {
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  onHoldMinutes: number | null;
}

export interface Durations {
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  closureMinutes: number | null;
}

/** Effective first response = the earlier of first response and resolution; resolution minus on-hold time. */
export function computeDurations(calendar: SlaCalendar, t: TicketTimes): Durations {
  const responseAt =
    t.firstResponseAt !== null && t.resolvedAt !== null ? Math.min(t.firstResponseAt, t.resolvedAt) : (t.firstResponseAt ?? t.resolvedAt);
  return {
    responseMinutes: responseAt === null ? null : elapsedMinutes(calendar, t.openedAt, responseAt),
    resolutionMinutes: t.resolvedAt === null ? null : elapsedMinutes(calendar, t.openedAt, t.resolvedAt) - (t.onHoldMinutes ?? 0),
    closureMinutes: t.closedAt === null ? null : elapsedMinutes(calendar, t.openedAt, t.closedAt),
  };
}

export interface Deadlines {
  responseDeadline: number | null;
  resolutionDeadline: number | null;
  closureDeadline: number | null;
}

/**
 * Each target's deadline from opening, so that an audit decides "missing and already past the target" by
 * comparing asOf with one stored instant, in SQL, whatever the calendar. On-hold time is not added: the
 * rulebook measures a missing timestamp from opened_at to asOf.
 */
export function computeDeadlines(calendar: SlaCalendar, openedAt: number, targets: TicketTargets): Deadlines {
  const at = (minutes: number | null) => (minutes === null ? null : deadlineAfter(calendar, openedAt, minutes));
  return { responseDeadline: at(targets.response), resolutionDeadline: at(targets.resolution), closureDeadline: at(targets.closure) };
}

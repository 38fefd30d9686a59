// Elapsed time between two instants under an SLA calendar: calendar time (24x7) or business hours only.
import { DateTime } from "luxon";
import type { SlaCalendar } from "../db/schema.js";

const minuteMs = 60_000;

export function elapsedMinutes(calendar: SlaCalendar, from: number, to: number): number {
  if (calendar.type === "24x7" || to <= from) return (to - from) / minuteMs;
  return businessMinutes(calendar, from, to);
}

function businessMinutes(cal: Extract<SlaCalendar, { type: "business" }>, from: number, to: number): number {
  const holidays = new Set(cal.holidays);
  const [sh, sm] = cal.start.split(":").map(Number);
  const [eh, em] = cal.end.split(":").map(Number);
  let day = DateTime.fromMillis(from, { zone: cal.timezone }).startOf("day");
  const last = DateTime.fromMillis(to, { zone: cal.timezone }).startOf("day");
  let total = 0;
  while (day <= last) {
    if (cal.days.includes(day.weekday) && !holidays.has(day.toISODate()!)) {
      const open = day.set({ hour: sh, minute: sm }).toMillis();
      const close = day.set({ hour: eh, minute: em }).toMillis();
      const a = Math.max(open, from);
      const b = Math.min(close, to);
      if (b > a) total += (b - a) / minuteMs;
    }
    day = day.plus({ days: 1 });
  }
  return total;
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

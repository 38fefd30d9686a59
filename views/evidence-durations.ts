// The durations an evidence row shows, in hours: for an SLA rule its own measure with the ticket's target and how far
// over it the ticket went; for any other rule the response and resolution times. Shared by the table and its CSV.
import type { TicketMeasure } from "../audits/rulebooks/types.js";
import type { MessageKey } from "../server/i18n/index.js";
import type { EvidenceRow } from "./types.js";

export interface EvidenceColumn {
  key: MessageKey;
  hours: (row: EvidenceRow) => number | null;
}

const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);

const measured: Record<TicketMeasure, { key: MessageKey; minutes: (r: EvidenceRow) => number | null; target: (r: EvidenceRow) => number | null }> = {
  response: { key: "runs.responseHours", minutes: (r) => r.responseMinutes, target: (r) => r.responseTarget },
  resolution: { key: "runs.resolutionHours", minutes: (r) => r.resolutionMinutes, target: (r) => r.resolutionTarget },
  closure: { key: "runs.closureHours", minutes: (r) => r.closureMinutes, target: (r) => r.closureTarget },
};

/** The hour columns of a rule's evidence: measured, target, over by (SLA rules); response and resolution otherwise. */
export function evidenceColumns(measure: TicketMeasure | null): EvidenceColumn[] {
  if (measure === null) {
    return [
      { key: "runs.responseHours", hours: (r) => hours(r.responseMinutes) },
      { key: "runs.resolutionHours", hours: (r) => hours(r.resolutionMinutes) },
    ];
  }
  const m = measured[measure];
  return [
    { key: m.key, hours: (r) => hours(m.minutes(r)) },
    { key: "runs.targetHours", hours: (r) => hours(m.target(r)) },
    {
      key: "runs.overByHours",
      // a ticket still without its response or resolution has no "over by" yet: it is shown as missing
      hours: (r) => {
        const [value, target] = [m.minutes(r), m.target(r)];
        return value === null || target === null ? null : Math.max(0, value - target) / 60;
      },
    },
  ];
}

// From an RT ticket and its history to a contract ticket: first response, on-hold time and resolution come from the
// transactions; priority and custom fields through the connector's mapping. Validation is the ingest path's, not ours.
import type { RtRef, RtTicket, RtTransaction } from "./client.js";
import { mapPriority, type ResolvedMapping } from "./mapping.js";

/** RT's answer for a date never set. */
const unsetDate = /^1970-01-01/;

/** An RT date ('2026-03-06T16:00:00Z' from REST 2.0, or '2026-03-06 16:00:00' UTC) as ISO 8601, or null when unset. */
export function rtInstant(value: string | null | undefined): string | null {
  if (!value || unsetDate.test(value)) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** TicketSQL's date form: 'YYYY-MM-DD HH:MM:SS' in UTC (an ISO string with T…Z would silently match every ticket). */
export function ticketSqlDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

const refName = (r: RtRef | string | undefined | null): string | null => (r === undefined || r === null ? null : typeof r === "string" ? r : String(r.id));

export interface HistoryFacts {
  firstResponseAt: string | null;
  onHoldMinutes: number;
  resolvedAt: string | null;
}

/**
 * first response: the first Correspond by someone other than a requestor; on hold: the time spent in `stalled` (up
 * to `now` while still stalled); resolution: the last transition to `resolved`, kept only while the ticket is resolved.
 */
export function historyFacts(ticket: RtTicket, history: RtTransaction[], now: number): HistoryFacts {
  const requestors = new Set((ticket.Requestor ?? []).map((r) => refName(r)?.toLowerCase()).filter((r): r is string => !!r));
  const at = (tx: RtTransaction) => Date.parse(rtInstant(tx.Created) ?? "");
  const ordered = history.filter((tx) => Number.isFinite(at(tx))).sort((a, b) => at(a) - at(b) || Number(a.id ?? 0) - Number(b.id ?? 0));
  let firstResponse: number | null = null;
  let stalledSince: number | null = null;
  let heldMs = 0;
  let lastResolved: number | null = null;
  for (const tx of ordered) {
    const when = at(tx);
    if (tx.Type === "Correspond" && firstResponse === null) {
      const by = refName(tx.Creator)?.toLowerCase();
      if (by && !requestors.has(by)) firstResponse = when;
    }
    if (tx.Type === "Status" || (tx.Type === "Set" && tx.Field === "Status")) {
      if (tx.NewValue === "stalled" && stalledSince === null) stalledSince = when;
      if (tx.NewValue !== "stalled" && stalledSince !== null) {
        heldMs += when - stalledSince;
        stalledSince = null;
      }
      if (tx.NewValue === "resolved") lastResolved = when;
    }
  }
  if (stalledSince !== null) heldMs += Math.max(0, now - stalledSince);
  const resolved = ticket.Status === "resolved" ? (lastResolved ?? (rtInstant(ticket.Resolved) ? Date.parse(rtInstant(ticket.Resolved)!) : null)) : null;
  return {
    firstResponseAt: firstResponse === null ? null : new Date(firstResponse).toISOString(),
    onHoldMinutes: Math.round(heldMs / 600) / 100,
    resolvedAt: resolved === null ? null : new Date(resolved).toISOString(),
  };
}

/** A custom field's text as the contract field wants it; a value that does not fit is passed on for validation to refuse. */
function customValue(field: string, text: string): unknown {
  if (field === "satisfaction") return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
  if (field === "complex") return /^(1|yes|true|y)$/i.test(text.trim());
  return text;
}

/** The contract ticket (not yet validated: the ingest path does that). */
export function toContractTicket(ticket: RtTicket, history: RtTransaction[], opts: { mapping: ResolvedMapping; service: string; now: number }): Record<string, unknown> {
  const facts = historyFacts(ticket, history, opts.now);
  const owner = refName(ticket.Owner);
  const out: Record<string, unknown> = {
    id: `${opts.mapping.idPrefix}${ticket.id}`,
    kind: opts.mapping.kind,
    service: opts.service,
    priority: mapPriority(ticket.Priority, opts.mapping.priority),
    summary: ticket.Subject || null,
    assignee: owner && owner !== "Nobody" ? owner : null,
    opened_at: rtInstant(ticket.Created),
    first_response_at: facts.firstResponseAt,
    resolved_at: facts.resolvedAt,
    on_hold_minutes: facts.onHoldMinutes,
  };
  const fields = ticket.CustomFields ?? [];
  for (const [target, cfName] of Object.entries(opts.mapping.customFields)) {
    const cf = fields.find((f) => f.name === cfName);
    const text = cf?.values?.find((v) => v !== null && v !== "");
    out[target] = text === undefined ? null : customValue(target, text);
  }
  return out;
}

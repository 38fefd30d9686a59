// A small deterministic data set for the page and browser tests: two services, October 2026 tickets with known
// SLA outcomes, a month of availability samples. The figures the tests assert follow from it by hand.
import { ingestMetricBatch } from "../../server/ingest/metrics-activities.js";
import { ingestTicketBatch } from "../../server/ingest/tickets.js";
import type { Db } from "../../server/db/client.js";
import type { TicketInput } from "../../server/contract/index.js";
import { ticket } from "../support/factories.js";

const minute = 60_000;
const at = (ms: number) => new Date(ms).toISOString();

/** email: 20 general incidents (met) + 4 urgent incidents (3 resolved in 90 min, 1 in 180 min: breached);
 *  erp: 10 general requests (category technical, resolved in 30 h, rated 3), all opened in October 2026;
 *  email: 2 general incidents opened on 2026-11-10 (this month for the tiles), resolved in 90 min, rated 5. */
export function seedTickets(): TicketInput[] {
  const out: TicketInput[] = [];
  for (let n = 1; n <= 20; n++) out.push(ticket(n));
  for (let n = 21; n <= 24; n++) {
    const opened = Date.parse("2026-10-02T00:00:00Z") + n * minute;
    out.push(ticket(n, { priority: "urgent", opened_at: at(opened), first_response_at: at(opened + 20 * minute), resolved_at: at(opened + (n === 24 ? 180 : 90) * minute) }));
  }
  for (let n = 25; n <= 34; n++) {
    const opened = Date.parse("2026-10-03T00:00:00Z") + n * minute;
    out.push(
      ticket(n, { kind: "request", service: "erp", category: "technical", opened_at: at(opened), first_response_at: at(opened + 60 * minute), resolved_at: at(opened + 30 * 60 * minute), satisfaction: 3 }),
    );
  }
  for (let n = 35; n <= 36; n++) {
    const opened = Date.parse("2026-11-10T08:00:00Z") + n * minute;
    out.push(ticket(n, { opened_at: at(opened), first_response_at: at(opened + 30 * minute), resolved_at: at(opened + 90 * minute) }));
  }
  return out;
}

export async function seedDataSet(db: Db, now: number) {
  await ingestTicketBatch(db, now, "seed", seedTickets());
  const samples = [];
  for (let day = 1; day <= 31; day++) {
    const when = `2026-10-${String(day).padStart(2, "0")}T00:00:00Z`;
    samples.push({ metric: "availability", service: "email", at: when, value: 99.9, unit: "percent" });
    samples.push({ metric: "availability", service: "erp", at: when, value: day === 15 ? 90 : 99.6, unit: "percent" });
  }
  for (let day = 1; day <= 23; day++) samples.push({ metric: "availability", service: "email", at: `2026-11-${String(day).padStart(2, "0")}T00:00:00Z`, value: 99.95, unit: "percent" });
  await ingestMetricBatch(db, now, "seed", samples);
}

// Memoised KPI answers: a result stays valid until the data changes. Every change to tickets, metrics,
// policies, plans, runs, findings or actions writes an audit-trail row in its own transaction, so the
// trail's highest id is a revision that any process sharing the database sees; reading it costs one
// rowid lookup. Identical requests arriving together share one computation.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";

export class KpiCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly maxEntries = 500) {}

  async revision(db: DbOrTx): Promise<number> {
    const [row] = await db.all<{ rev: number | null }>(sql`SELECT max(id) AS rev FROM audit_trail`);
    return row?.rev ?? 0;
  }

  /** `key` must name everything the answer depends on besides the stored data (filters, the day). */
  async get<T>(db: DbOrTx, key: string, compute: () => Promise<T>): Promise<T> {
    const full = `${await this.revision(db)}\u0000${key}`;
    const hit = this.entries.get(full);
    if (hit) {
      // refresh its place: the map's order is least recently used first
      this.entries.delete(full);
      this.entries.set(full, hit);
      return hit as Promise<T>;
    }
    const pending = compute();
    this.entries.set(full, pending);
    pending.catch(() => this.entries.delete(full));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}

// Items of one batch or import that would write the same record are refused, naming both positions, instead of
// the last one silently replacing the first.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { importIds } from "../db/schema.js";
import { AppError, type Issue } from "../errors.js";
import { describe } from "./validate.js";

const maxIssues = 200;

/** Issues for every item whose key an earlier item already has; `issue` words one from the two positions. */
export function duplicateIssues<T>(items: readonly T[], keyOf: (item: T) => string, issue: (index: number, first: number) => Issue, base = 0): Issue[] {
  const first = new Map<string, number>();
  const out: Issue[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, base + i);
    else if (out.length < maxIssues) out.push(issue(base + i, seen));
  });
  return out;
}

export function refuseDuplicates(issues: Issue[], what = "batch") {
  if (issues.length) throw AppError.invalid(`${what} rejected: ${describe(issues)}; nothing was written`, issues);
}

const idIssue = (entity: string) => (index: number, first: number): Issue => ({ path: `${entity}.${index}.id`, message: `duplicate of ${entity}.${first}.id` });

/**
 * Ticket ids across the chunks of one import (a streamed CSV file has a million): the first chunk's ids are
 * checked in memory; from the second on, every id seen so far waits in import_ids under this import's key, inside
 * the import's transaction, so they never all sit in JavaScript. finish() removes them; a refused import rolls
 * them back with everything else.
 */
export class ImportIds {
  private readonly key = randomUUID();
  private previous: { ids: string[]; base: number } | null = null;
  private stored = false;

  constructor(private readonly entity: string) {}

  /** Throws an invalid-input error naming both positions of every repeated id; `base` is the chunk's first position. */
  async check(tx: DbOrTx, ids: string[], base: number): Promise<void> {
    const issues = duplicateIssues(ids, (id) => id, idIssue(this.entity), base);
    if (this.previous) {
      await this.remember(tx, this.previous.ids, this.previous.base);
      const repeated = await tx.all<{ pos: number; first: number }>(
        sql`SELECT c.key + ${base} AS pos, s.pos AS first FROM json_each(${JSON.stringify(ids)}) AS c JOIN ${importIds} AS s ON s.import_key = ${this.key} AND s.id = c.value ORDER BY c.key`,
      );
      // an id repeated in this chunk and seen before it is named once, as a duplicate of its earliest position
      const earlier = new Map(repeated.map((r) => [r.pos, r.first]));
      const merged = issues.filter((i) => !earlier.has(position(i)));
      for (const [pos, first] of earlier) merged.push(idIssue(this.entity)(pos, first));
      merged.sort((a, b) => position(a) - position(b));
      refuseDuplicates(merged.slice(0, maxIssues));
    }
    refuseDuplicates(issues);
    this.previous = { ids, base };
  }

  private async remember(tx: DbOrTx, ids: string[], base: number) {
    this.stored = true;
    // OR IGNORE: an id repeated inside that chunk was refused already
    await tx.run(sql`INSERT OR IGNORE INTO ${importIds} (import_key, id, pos) SELECT ${this.key}, value, key + ${base} FROM json_each(${JSON.stringify(ids)})`);
  }

  async finish(tx: DbOrTx): Promise<void> {
    if (this.stored) await tx.delete(importIds).where(eq(importIds.importKey, this.key));
    this.stored = false;
    this.previous = null;
  }
}

const position = (i: Issue) => Number(i.path.split(".")[1]);

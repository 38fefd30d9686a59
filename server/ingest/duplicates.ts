// Items of one batch or import that would write the same record are refused, naming both positions, instead of
// the last one silently replacing the first.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
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
 * checked in memory; from the second on, every id seen so far waits in a temporary table of the import's
 * transaction, so they never all sit in JavaScript. The table goes with the transaction, or with finish().
 */
export class ImportIds {
  private previous: { ids: string[]; base: number } | null = null;
  private tableCreated = false;

  constructor(private readonly entity: string) {}

  /** Throws an invalid-input error naming both positions of every repeated id; `base` is the chunk's first position. */
  async check(tx: DbOrTx, ids: string[], base: number): Promise<void> {
    const issues = duplicateIssues(ids, (id) => id, idIssue(this.entity), base);
    if (this.previous) {
      if (!this.tableCreated) {
        await tx.run(sql`CREATE TEMP TABLE IF NOT EXISTS import_ids (id TEXT PRIMARY KEY, pos INTEGER NOT NULL) WITHOUT ROWID`);
        await tx.run(sql`DELETE FROM temp.import_ids`);
        this.tableCreated = true;
      }
      await this.remember(tx, this.previous.ids, this.previous.base);
      const repeated = await tx.all<{ pos: number; first: number }>(
        sql`SELECT c.key + ${base} AS pos, s.pos AS first FROM json_each(${JSON.stringify(ids)}) AS c JOIN temp.import_ids AS s ON s.id = c.value ORDER BY c.key`,
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
    // OR IGNORE: an id repeated inside that chunk was refused already
    await tx.run(sql`INSERT OR IGNORE INTO temp.import_ids (id, pos) SELECT value, key + ${base} FROM json_each(${JSON.stringify(ids)})`);
  }

  async finish(tx: DbOrTx): Promise<void> {
    if (this.tableCreated) await tx.run(sql`DROP TABLE IF EXISTS temp.import_ids`);
    this.tableCreated = false;
    this.previous = null;
  }
}

const position = (i: Issue) => Number(i.path.split(".")[1]);

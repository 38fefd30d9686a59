// Restore of the embedded database from a backup made by `assay backup`: the backup is checked first (integrity,
// schema, audit-trail chain), the current database is kept beside it, then the file is swapped in whole.
// Run it with the server stopped: a running process would keep writing to the replaced file.
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createClient } from "@libsql/client";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { verifyAuditTrail } from "../audit-trail.js";
import { isEmbedded, openDatabase } from "../db/client.js";
import * as schema from "../db/schema.js";
import { AppError } from "../errors.js";

export interface RestoreResult {
  target: string;
  /** where the database that was replaced now lives (null when there was none) */
  previous: string | null;
  auditEntries: number;
  tickets: number;
}

function filePath(url: string): string {
  if (!isEmbedded(url) || url === ":memory:" || url.includes(":memory:")) {
    throw new AppError("invalid", 400, "restore works on the embedded database file; restore a libSQL server with its own tools");
  }
  return resolve(url.slice("file:".length).split("?")[0]);
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[:.]/g, "-");

/** Checks a copy of the backup and returns what it holds; throws if it is not a sound Assay database. */
async function checkBackup(path: string) {
  // a plain connection: openDatabase would switch the copy to WAL, and a WAL file left beside it could be lost
  // in the rename below
  const client = createClient({ url: `file:${path}`, intMode: "number" });
  const database = { client, db: drizzle(client, { schema }), close: () => client.close() };
  try {
    const integrity = await database.client.execute("PRAGMA integrity_check");
    const problems = integrity.rows.map((r) => String(r[0])).filter((r) => r !== "ok");
    if (problems.length) throw new AppError("invalid", 400, `the backup is damaged: ${problems.slice(0, 3).join("; ")}`);
    const tables = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'audit_trail', 'tickets')");
    if (tables.rows.length !== 3) throw new AppError("invalid", 400, "the file is not an Assay database (its tables are missing)");
    const chain = await verifyAuditTrail(database.db);
    if (!chain.ok) throw new AppError("invalid", 400, `the backup's audit trail is broken${chain.brokenAt === null ? "" : ` at entry ${chain.brokenAt}`} (${chain.reason}); not restoring it`);
    const [{ n }] = await database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`);
    return { auditEntries: chain.entries, tickets: n };
  } finally {
    database.close();
  }
}

export async function restoreDatabase(backupFile: string, targetUrl: string, now: number): Promise<RestoreResult> {
  const source = resolve(backupFile);
  if (!existsSync(source)) throw AppError.notFound(`backup file ${source}`);
  const target = filePath(targetUrl);
  if (source === target) throw AppError.invalid("the backup file is the database itself");

  // work on a copy next to the target, so the backup stays untouched and the final swap is one rename; the copy
  // is made by SQLite (VACUUM INTO), not by copying bytes, because a file in WAL mode keeps its latest changes
  // in the -wal file beside it
  const incoming = join(dirname(target), `.${basename(target)}.restoring-${stamp(now)}`);
  let checked: Awaited<ReturnType<typeof checkBackup>>;
  try {
    const reader = createClient({ url: `file:${source}`, intMode: "number" });
    try {
      await reader.execute({ sql: "VACUUM INTO ?", args: [incoming] });
    } finally {
      reader.close();
    }
    checked = await checkBackup(incoming);
  } catch (e) {
    for (const f of [incoming, `${incoming}-wal`, `${incoming}-shm`]) rmSync(f, { force: true });
    if (e instanceof AppError) throw e;
    throw new AppError("invalid", 400, `${source} is not a readable database: ${(e as Error).message}`);
  }

  let previous: string | null = null;
  if (existsSync(target)) {
    // a consistent copy of what is replaced (VACUUM INTO reads through the WAL), in case the restore was a mistake
    previous = `${target}.before-restore-${stamp(now)}`;
    const current = await openDatabase(`file:${target}`);
    try {
      await current.db.run(sql`VACUUM INTO ${previous}`);
    } finally {
      current.close();
    }
  }
  // the old WAL belongs to the old file: left in place, SQLite would replay it onto the restored one
  for (const f of [`${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
  renameSync(incoming, target);
  return { target, previous, ...checked };
}

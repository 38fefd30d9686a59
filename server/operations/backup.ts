// Consistent online backup of the embedded database with VACUUM INTO (readers and writers keep going).
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import { isEmbedded, type Database } from "../db/client.js";
import { AppError } from "../errors.js";

export async function backupDatabase(database: Database, file: string) {
  if (!isEmbedded(database.url)) throw new AppError("invalid", 400, "backup works on the embedded database; back up a libSQL server with its own tools");
  const target = resolve(file);
  if (existsSync(target)) throw AppError.conflict(`${target} already exists; choose a new file`);
  await database.db.run(sql`VACUUM INTO ${target}`);
}

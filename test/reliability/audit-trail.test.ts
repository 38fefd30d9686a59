// The tamper-evident audit trail: `assay verify-audit-trail` (the real CLI) says intact, and after a row is
// changed by hand with the sqlite3 command line it names the first broken entry and exits non-zero. The chain
// starts at a genesis entry written by a migration, so an emptied trail, or one cut at its start, is broken too.
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { beforeAll, describe, expect, it } from "vitest";
import { entryHash, genesisEntry } from "../../server/audit-trail.js";
import { buildTestApp, jsonBody } from "../support/app.js";
import { ticket } from "../support/factories.js";
import { runCli } from "../support/cli.js";

let dir: string;
let pristine: string;
let entries: number;

beforeAll(async () => {
  const t = await buildTestApp();
  dir = t.dir;
  // a few dozen changes of different kinds: tokens, users, logins, batches, deletes
  await t.session("auditor");
  await t.session("viewer");
  for (let b = 0; b < 5; b++) {
    const res = await t.request("/api/v1/tickets", { ...jsonBody({ tickets: Array.from({ length: 20 }, (_, i) => ticket(b * 20 + i)) }), role: "ingest" });
    expect(res.status).toBe(200);
  }
  for (const id of ["IT-2026-000003", "IT-2026-000042"]) {
    expect((await t.request(`/api/v1/tickets/${id}?reason=duplicate`, { method: "DELETE", role: "ingest" })).status).toBe(200);
  }
  const [{ n }] = (await t.database.client.execute("SELECT count(*) AS n FROM audit_trail")).rows;
  entries = Number(n);
  pristine = join(dir, "pristine.db");
  await t.database.client.execute({ sql: "VACUUM INTO ?", args: [pristine] });
  t.database.close();
});

/** A fresh copy of the untouched database, changed by `sql` through the sqlite3 command line. */
function tampered(name: string, sql: string): string {
  const file = join(dir, `${name}.db`);
  copyFileSync(pristine, file);
  if (sql) execFileSync("sqlite3", [file, sql]);
  return `file:${file}`;
}

/** ids of the entries that record ticket batches, each naming its own ingest batch */
function upserts(): number[] {
  const out = execFileSync("sqlite3", [pristine, "SELECT id FROM audit_trail WHERE action = 'tickets.upsert' ORDER BY id"], { encoding: "utf8" });
  return out.trim().split("\n").map(Number);
}

const verify = (url: string) => runCli(["verify-audit-trail"], { databaseUrl: url });
const genesisRow = { at: 0, actor: "assay", action: "audit_trail.genesis", entity: "audit_trail", entity_id: null, before: null, after: null, prev_hash: "0".repeat(64), hash: genesisEntry.hash };

function row(url: string, id: number) {
  const out = execFileSync("sqlite3", ["-json", url.slice("file:".length), `SELECT * FROM audit_trail WHERE id = ${id}`], { encoding: "utf8" });
  return (JSON.parse(out) as Record<string, string | number | null>[])[0];
}

describe("assay verify-audit-trail", () => {
  it("says intact, with the entry count and the head hash, and exits 0", () => {
    expect(entries).toBeGreaterThan(10);
    const res = verify(tampered("intact", ""));
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`audit trail intact: ${entries} entries; head entry ${entries} hash [0-9a-f]{64}`));
  });

  it("starts at the genesis entry the migration wrote, and the first change links to it", () => {
    const url = tampered("genesis", "");
    expect(row(url, 1)).toEqual({ id: 1, ...genesisRow });
    expect(row(url, 2).prev_hash).toBe(genesisEntry.hash);
    expect(genesisEntry.hash).toBe(entryHash("0".repeat(64), genesisEntry));
  });

  it("verifies a trail begun before the genesis entry existed, once the migration has put one in front of it", async () => {
    // the trail as an older Assay left it: no genesis entry, the first change linked to 64 zeros
    const url = tampered("legacy", "");
    const client = createClient({ url, intMode: "number" });
    try {
      const rows = (await client.execute("SELECT * FROM audit_trail WHERE id > 1 ORDER BY id")).rows;
      let prev = "0".repeat(64);
      const statements = [{ sql: "DELETE FROM audit_trail WHERE id = 1", args: [] as (string | number)[] }];
      for (const r of rows) {
        const hash = entryHash(prev, { at: Number(r.at), actor: String(r.actor), action: String(r.action), entity: String(r.entity), entityId: r.entity_id === null ? null : String(r.entity_id), before: r.before === null ? null : String(r.before), after: r.after === null ? null : String(r.after) });
        statements.push({ sql: "UPDATE audit_trail SET prev_hash = ?, hash = ? WHERE id = ?", args: [prev, hash, Number(r.id)] });
        prev = hash;
      }
      await client.batch(statements, "write");
    } finally {
      client.close();
    }
    expect(verify(url).stdout).toBe("audit trail BROKEN at entry 2: the first entry is not the genesis entry; the start of the trail was deleted or replaced\n");
    // the genesis migration, as the migrator applies it to a database that stopped before it (its own SQL file,
    // so that later migrations do not have to be undone first)
    const migrations = join(import.meta.dirname, "..", "..", "server", "db", "migrations");
    const file = readdirSync(migrations).find((f) => /^\d{4}_audit_trail_genesis\.sql$/.test(f))!;
    const apply = createClient({ url, intMode: "number" });
    try {
      await apply.executeMultiple(readFileSync(join(migrations, file), "utf8"));
    } finally {
      apply.close();
    }
    expect(row(url, 1)).toEqual({ id: 1, ...genesisRow });
    const res = verify(url);
    expect(res.status, res.stdout).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^audit trail intact: ${entries} entries; head entry ${entries} hash [0-9a-f]{64}\n$`));
  });

  it("calls an emptied trail BROKEN, not intact", () => {
    const res = verify(tampered("emptied", "DELETE FROM audit_trail"));
    expect([res.status, res.stdout]).toEqual([2, "audit trail BROKEN: the trail is empty; its genesis entry is missing\n"]);
  });

  it("calls a trail whose genesis entry was deleted BROKEN at the entry that is now first", () => {
    const res = verify(tampered("no-genesis", "DELETE FROM audit_trail WHERE id = 1"));
    expect([res.status, res.stdout]).toEqual([2, "audit trail BROKEN at entry 2: the first entry is not the genesis entry; the start of the trail was deleted or replaced\n"]);
  });

  it("calls a trail whose first entries were deleted BROKEN, even with a genesis entry put back by hand", () => {
    const genesis = `INSERT INTO audit_trail (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash) VALUES (1, 0, 'assay', 'audit_trail.genesis', 'audit_trail', NULL, NULL, NULL, '${"0".repeat(64)}', '${genesisEntry.hash}')`;
    const res = verify(tampered("cut-start", `DELETE FROM audit_trail WHERE id <= 5; ${genesis}`));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain("audit trail BROKEN at entry 6: prev_hash does not match the previous entry");
  });

  it("calls an edited genesis entry BROKEN", () => {
    const res = verify(tampered("edited-genesis", "UPDATE audit_trail SET at = 1 WHERE id = 1"));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain("audit trail BROKEN at entry 1: the first entry is not the genesis entry");
  });

  it("names the entry whose content was edited", () => {
    const res = verify(tampered("edited", "UPDATE audit_trail SET actor = 'mallory@example.test' WHERE id = 7"));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain("audit trail BROKEN at entry 7: content does not match its hash");
  });

  it("names the entry whose JSON after-image was changed by one character", () => {
    const [first] = upserts();
    const res = verify(tampered("after", `UPDATE audit_trail SET after = replace(after, '"inserted":20', '"inserted":21') WHERE id = ${first}`));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain(`audit trail BROKEN at entry ${first}: content does not match its hash`);
  });

  it("names the entry after a deleted one", () => {
    const res = verify(tampered("deleted", "DELETE FROM audit_trail WHERE id = 9"));
    expect(res.status).toBe(2);
    expect(res.stdout).toContain("audit trail BROKEN at entry 10: prev_hash does not match the previous entry");
  });

  it("names the next entry when an edited entry was re-hashed to look consistent", () => {
    const url = tampered("rehashed", "");
    const original = row(url, 5);
    const forged = { at: Number(original.at), actor: "mallory@example.test", action: String(original.action), entity: String(original.entity), entityId: original.entity_id === null ? null : String(original.entity_id), before: original.before === null ? null : String(original.before), after: original.after === null ? null : String(original.after) };
    const hash = entryHash(String(original.prev_hash), forged);
    execFileSync("sqlite3", [url.slice("file:".length), `UPDATE audit_trail SET actor = 'mallory@example.test', hash = '${hash}' WHERE id = 5`]);
    const res = verify(url);
    expect(res.status).toBe(2);
    expect(res.stdout).toContain("audit trail BROKEN at entry 6: prev_hash does not match the previous entry");
  });

  it("shows a re-hashed last entry through its head hash, which differs from the one noted before", () => {
    const head = /head entry \d+ hash ([0-9a-f]{64})/.exec(verify(tampered("head-before", "")).stdout)?.[1];
    const url = tampered("head-after", "");
    const last = row(url, entries);
    const forged = { at: Number(last.at), actor: "mallory@example.test", action: String(last.action), entity: String(last.entity), entityId: last.entity_id === null ? null : String(last.entity_id), before: last.before === null ? null : String(last.before), after: last.after === null ? null : String(last.after) };
    const hash = entryHash(String(last.prev_hash), forged);
    execFileSync("sqlite3", [url.slice("file:".length), `UPDATE audit_trail SET actor = 'mallory@example.test', hash = '${hash}' WHERE id = ${entries}`]);
    const res = verify(url);
    expect(res.status).toBe(0);
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(res.stdout).toContain(`head entry ${entries} hash ${hash}`);
    expect(hash).not.toBe(head);
  });

  it("names a forged entry appended at the end", () => {
    const res = verify(
      tampered("appended", `INSERT INTO audit_trail (at, actor, action, entity, entity_id, before, after, prev_hash, hash) SELECT at, 'mallory', 'user.create', 'user', '99', NULL, NULL, hash, '${"f".repeat(64)}' FROM audit_trail WHERE id = ${entries}`),
    );
    expect(res.status).toBe(2);
    expect(res.stdout).toContain(`audit trail BROKEN at entry ${entries + 1}: content does not match its hash`);
  });

  it("names the first of two entries whose contents were swapped", () => {
    const [, second, third] = upserts();
    const res = verify(
      tampered("swapped", `UPDATE audit_trail SET entity_id = CASE id WHEN ${second} THEN (SELECT entity_id FROM audit_trail WHERE id = ${third}) ELSE (SELECT entity_id FROM audit_trail WHERE id = ${second}) END WHERE id IN (${second}, ${third})`),
    );
    expect(res.status).toBe(2);
    expect(res.stdout).toContain(`audit trail BROKEN at entry ${second}: content does not match its hash`);
  });
});

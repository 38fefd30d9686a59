// Rulebooks by reference: built-in versions from code and frozen data (versions.ts), an organisation's versions
// from the table rulebook_versions; importing a version (audits-trailed, never overwriting a version a run used).
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { recordChange } from "../../server/audit-trail.js";
import type { Ctx } from "../../server/context.js";
import type { DbOrTx } from "../../server/db/client.js";
import { rulebookVersions, runs } from "../../server/db/schema.js";
import { AppError } from "../../server/errors.js";
import { parseRulebookText } from "./format.js";
import type { Rule, Rulebook } from "./types.js";
import { builtInRulebookAt, builtInVersions, compareSemver, currentBuiltIns, isBuiltIn, semverOf, versionRef } from "./versions.js";

export { isBuiltIn, versionRef, semverOf };

/**
 * The rulebook `id` at `version` ("1.1.0" or "<id>@1.1.0"; null = its latest version), or undefined when there is
 * no such rulebook or version.
 */
export async function findRulebookAt(db: DbOrTx, id: string, version: string | null | undefined): Promise<Rulebook | undefined> {
  if (isBuiltIn(id)) return builtInRulebookAt(id, version);
  const rows = await db
    .select({ version: rulebookVersions.version, definition: rulebookVersions.definition })
    .from(rulebookVersions)
    .where(version ? and(eq(rulebookVersions.rulebookId, id), eq(rulebookVersions.version, semverOf(version))) : eq(rulebookVersions.rulebookId, id));
  if (rows.length === 0) return undefined;
  rows.sort((a, b) => compareSemver(a.version, b.version));
  return rows[rows.length - 1].definition;
}

export async function resolveRulebook(db: DbOrTx, id: string, version: string | null | undefined): Promise<Rulebook> {
  const book = await findRulebookAt(db, id, version);
  if (!book) throw AppError.notFound(version ? `rulebook ${versionRef(id, version)}` : `rulebook ${id}`);
  return book;
}

/**
 * The rulebook a run judged with: the reference it recorded. A built-in version recorded before versions were frozen
 * as data (none is known by that reference) is read as the current built-in rulebook, as it always was.
 */
export async function rulebookOfRun(db: DbOrTx, run: { planSnapshot: { rulebook: string }; rulebookVersion: string }): Promise<Rulebook> {
  const id = run.planSnapshot.rulebook;
  if (isBuiltIn(id)) return builtInRulebookAt(id, run.rulebookVersion) ?? builtInRulebookAt(id)!;
  return resolveRulebook(db, id, run.rulebookVersion);
}

/** A run's rules in its plan snapshot's order (rules its rulebook does not know are left out). */
export async function rulesOfRun(db: DbOrTx, run: { planSnapshot: { rulebook: string; rules: string[] }; rulebookVersion: string }): Promise<Rule[]> {
  const book = await rulebookOfRun(db, run);
  return run.planSnapshot.rules.map((id) => book.rules.find((r) => r.id === id)).filter((r): r is Rule => !!r);
}

export async function findRuleAt(db: DbOrTx, id: string, version: string | null | undefined, ruleId: string): Promise<Rule | undefined> {
  return (await findRulebookAt(db, id, version))?.rules.find((r) => r.id === ruleId);
}

export interface RulebookVersionInfo {
  version: string;
  ref: string;
  title: string;
  built_in: boolean;
  rules: number;
  sha256: string | null;
  imported_by: string | null;
  imported_at: string | null;
  /** runs that judged with this version */
  runs: number;
}

export interface RulebookListing {
  id: string;
  title: string;
  built_in: boolean;
  latest: string;
  versions: RulebookVersionInfo[];
}

/** Every rulebook with its versions (oldest first) and how many runs used each. */
export async function listRulebooks(db: DbOrTx): Promise<RulebookListing[]> {
  const used = await db
    .select({ rulebook: sql<string>`json_extract(${runs.planSnapshot}, '$.rulebook')`, version: runs.rulebookVersion, n: sql<number>`count(*)` })
    .from(runs)
    .groupBy(sql`1`, runs.rulebookVersion);
  const usedBy = (id: string, ref: string) => used.find((u) => u.rulebook === id && u.version === ref)?.n ?? 0;
  const out: RulebookListing[] = currentBuiltIns.map((b) => ({
    id: b.id,
    title: b.title,
    built_in: true,
    latest: b.version,
    versions: builtInVersions(b.id).map((v) => ({
      version: semverOf(v.version), ref: v.version, title: v.title, built_in: true, rules: v.rules.length, sha256: null, imported_by: null, imported_at: null, runs: usedBy(b.id, v.version),
    })),
  }));
  const rows = await db.select().from(rulebookVersions);
  const ids = [...new Set(rows.map((r) => r.rulebookId))].sort();
  for (const id of ids) {
    const versions = rows.filter((r) => r.rulebookId === id).sort((a, b) => compareSemver(a.version, b.version));
    const latest = versions[versions.length - 1];
    out.push({
      id,
      title: latest.title,
      built_in: false,
      latest: versionRef(id, latest.version),
      versions: versions.map((v) => ({
        version: v.version, ref: versionRef(id, v.version), title: v.title, built_in: false, rules: v.definition.rules.length, sha256: v.sha256,
        imported_by: v.importedBy, imported_at: new Date(v.importedAt).toISOString(), runs: usedBy(id, versionRef(id, v.version)),
      })),
    });
  }
  return out;
}

export type ImportOutcome = { status: "imported" | "unchanged" | "replaced"; id: string; version: string; ref: string; rules: number; sha256: string };

/**
 * Imports a rulebook file (YAML or JSON text). Identical content for a version already imported changes nothing;
 * other content for it replaces it only while no run has judged with it (409 otherwise).
 */
export async function importRulebook({ ctx, input }: { ctx: Ctx; input: { source: string } }): Promise<ImportOutcome> {
  if (typeof input?.source !== "string" || input.source.trim() === "") throw AppError.invalid("the rulebook file is empty", [{ path: "source", message: "required" }]);
  const parsed = parseRulebookText(input.source);
  if (!parsed.file || !parsed.rulebook) {
    throw AppError.invalid(`the rulebook file has ${parsed.issues.length} error(s)`, parsed.issues.map((i) => ({ path: i.path || "(file)", message: i.line !== undefined ? `${i.message} (line ${i.line}, column ${i.column})` : i.message })));
  }
  const book = parsed.rulebook;
  const id = book.id;
  const version = parsed.file.version;
  if (isBuiltIn(id)) throw AppError.invalid(`${id} is a built-in rulebook; give your rulebook its own id`, [{ path: "id", message: "the id of a built-in rulebook" }]);
  const sha256 = createHash("sha256").update(input.source).digest("hex");
  const ref = versionRef(id, version);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(rulebookVersions).where(and(eq(rulebookVersions.rulebookId, id), eq(rulebookVersions.version, version)));
    const outcome = (status: ImportOutcome["status"]): ImportOutcome => ({ status, id, version, ref, rules: book.rules.length, sha256 });
    if (existing && existing.sha256 === sha256) return outcome("unchanged");
    if (existing) {
      const [usedBy] = await tx
        .select({ n: sql<number>`count(*)` })
        .from(runs)
        .where(and(sql`json_extract(${runs.planSnapshot}, '$.rulebook') = ${id}`, eq(runs.rulebookVersion, ref)));
      if (usedBy.n > 0) {
        throw AppError.conflict(`rulebook ${ref} was already used by ${usedBy.n} run(s) and cannot change; import your changes as a new version (e.g. raise "version")`);
      }
      await tx
        .update(rulebookVersions)
        .set({ title: book.title, source: input.source, definition: book, sha256, importedBy: ctx.actor.name, importedAt: ctx.now })
        .where(eq(rulebookVersions.id, existing.id));
      await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "rulebook.replace", entity: "rulebook", entityId: ref, before: { sha256: existing.sha256 }, after: { sha256, rules: book.rules.length } });
      return outcome("replaced");
    }
    await tx.insert(rulebookVersions).values({ rulebookId: id, version, title: book.title, source: input.source, definition: book, sha256, importedBy: ctx.actor.name, importedAt: ctx.now });
    await recordChange(tx, ctx.now, { actor: ctx.actor.name, action: "rulebook.import", entity: "rulebook", entityId: ref, after: { sha256, rules: book.rules.length, title: book.title } });
    return outcome("imported");
  });
}

/** The text an organisation's version was imported from. */
export async function rulebookSource(db: DbOrTx, id: string, version: string): Promise<string | undefined> {
  const [row] = await db.select({ source: rulebookVersions.source }).from(rulebookVersions).where(and(eq(rulebookVersions.rulebookId, id), eq(rulebookVersions.version, semverOf(version))));
  return row?.source;
}

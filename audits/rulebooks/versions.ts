// The versions of the built-in rulebooks. A run judges with the rulebook version it recorded, and a signed-off run
// must never change when the built-in rulebook changes: so every released version is frozen as data
// (audits/rulebooks/frozen/<id>-<version>.json, written once and never edited) besides the current one in code.
import { readFileSync } from "node:fs";
import { iso20000Support } from "./iso20000-support.js";
import type { Rulebook } from "./types.js";

/** The built-in rulebooks as the code defines them now (their newest versions). */
export const currentBuiltIns: Rulebook[] = [iso20000Support];

/** The frozen versions, by "<id>@<version>". */
export const frozenVersions = ["iso20000-support@1.1.0", "iso20000-support@2.0.0"];

const frozenCache = new Map<string, Rulebook>();

export function frozenFile(ref: string): URL {
  const [id, version] = ref.split("@");
  return new URL(`./frozen/${id}-${version}.json`, import.meta.url);
}

function frozen(ref: string): Rulebook | undefined {
  if (!frozenVersions.includes(ref)) return undefined;
  let book = frozenCache.get(ref);
  if (!book) {
    book = JSON.parse(readFileSync(frozenFile(ref), "utf8")) as Rulebook;
    frozenCache.set(ref, book);
  }
  return book;
}

export const isBuiltIn = (id: string) => currentBuiltIns.some((b) => b.id === id);

/** "1.1.0" or "iso20000-support@1.1.0" as a full reference. */
export function versionRef(id: string, version: string): string {
  return version.includes("@") ? version : `${id}@${version}`;
}

/** The semantic version part of a reference ("iso20000-support@1.1.0" → "1.1.0"). */
export const semverOf = (ref: string) => ref.slice(ref.indexOf("@") + 1);

/** A built-in rulebook at a version (null/undefined = the current one); undefined when there is no such version. */
export function builtInRulebookAt(id: string, version?: string | null): Rulebook | undefined {
  const current = currentBuiltIns.find((b) => b.id === id);
  if (!current) return undefined;
  if (!version) return current;
  const ref = versionRef(id, version);
  if (current.version === ref) return current;
  return frozen(ref);
}

/** The versions of a built-in rulebook, newest last. */
export function builtInVersions(id: string): Rulebook[] {
  const current = currentBuiltIns.find((b) => b.id === id);
  if (!current) return [];
  const old = frozenVersions.filter((v) => v.startsWith(`${id}@`) && v !== current.version).map((v) => frozen(v)!);
  return [...old.sort((a, b) => compareSemver(semverOf(a.version), semverOf(b.version))), current];
}

export function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] as number) - (pb[i] as number);
  // a pre-release sorts before its release
  if (pa.length !== pb.length) return pa.length > pb.length ? -1 : 1;
  return String(a).localeCompare(String(b));
}

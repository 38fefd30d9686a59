// Reads PDFs back the way a person's tools would: pdftotext for the text, pdftoppm for every page as PNG.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const artifactsDir = join(process.cwd(), "test-artifacts", "reports");

export function saveArtifact(name: string, pdf: Uint8Array): string {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, name);
  writeFileSync(path, pdf);
  return path;
}

/** The text of the PDF in reading order (-layout keeps table cells on their lines). */
export function pdfText(path: string): string {
  return execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

export function pdfInfo(path: string): string {
  return execFileSync("pdfinfo", ["-isodates", path], { encoding: "utf8" });
}

export function pdfPages(path: string): number {
  return Number(/^Pages:\s+(\d+)/m.exec(pdfInfo(path))?.[1]);
}

export function pdfFonts(path: string): string {
  return execFileSync("pdffonts", [path], { encoding: "utf8" });
}

/** Renders every page to PNG; answers the files (name and size), in page order. */
export function renderPages(path: string, prefix: string): { file: string; size: number }[] {
  const dir = join(artifactsDir, `${prefix}-pages`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync("pdftoppm", ["-r", "40", "-png", path, join(dir, "page")]);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".png"))
    .sort()
    .map((f) => ({ file: join(dir, f), size: statSync(join(dir, f)).size }));
}

export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

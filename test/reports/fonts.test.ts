// The vendored report fonts: each file in reports/fonts/ is the one its CHECKSUMS line names, and fontkit is the copy pdfkit uses.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { fontFolder, reportFonts } from "../../reports/fonts.js";

const read = (file: string) => readFileSync(new URL(file, fontFolder));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("report fonts", () => {
  it("match the SHA-256 in reports/fonts/CHECKSUMS, the OFL text included", () => {
    const lines = read("CHECKSUMS").toString("utf8").trim().split("\n");
    const listed = lines.map((line) => {
      const [hash, file] = line.split(/\s+\*?/);
      return { file, hash };
    });
    expect(listed.map((l) => l.file)).toEqual(["NotoSansHans-Regular.otf", "NotoSansHans-Bold.otf", "NotoSansHans-Regular.common.otf", "NotoSansHans-Bold.common.otf", "OFL.txt"]);
    expect(listed.map(({ file }) => ({ file, hash: sha256(read(file)) }))).toEqual(listed);
    expect(read("OFL.txt").toString("utf8")).toContain("SIL OPEN FONT LICENSE Version 1.1");
  });

  it("load as the two faces of the report, in both sets", () => {
    for (const set of ["full", "common"] as const) {
      expect([...reportFonts(set).values()].map((font) => font.postscriptName)).toEqual(["NotoSansHans-Regular", "NotoSansHans-Bold"]);
    }
  });

  it("are parsed by the fontkit that pdfkit itself uses, at the pinned version", () => {
    const pinned = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).dependencies.fontkit;
    // fontkit exports no package.json: its folder is found from the entry file that each importer resolves
    const folderOf = (entry: string) => entry.slice(0, entry.lastIndexOf("/node_modules/fontkit/") + "/node_modules/fontkit/".length);
    const ours = folderOf(createRequire(import.meta.url).resolve("fontkit"));
    const pdfkits = folderOf(createRequire(createRequire(import.meta.url).resolve("pdfkit")).resolve("fontkit"));
    expect(pdfkits).toBe(ours);
    expect(JSON.parse(readFileSync(`${ours}package.json`, "utf8")).version).toBe(pinned);
  });
});

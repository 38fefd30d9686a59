// Dependencies point one way (views ← server/routes): no view imports a page route or its queries.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

describe("views", () => {
  it("import nothing from server/routes", () => {
    const files = sources(join(process.cwd(), "views"));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) => /from\s+["'][^"']*server\/routes\//.test(readFileSync(f, "utf8")));
    expect(offending).toEqual([]);
  });
});

// E-mail addresses in the PDF's tables stay whole: an address wider than its column is set smaller rather than
// broken mid-word, and one that cannot fit even then breaks before its "@" only. Read back with pdftotext.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ReportCanvas } from "../../reports/canvas.js";
import { drawTable } from "../../reports/table.js";
import { pdfText, saveArtifact } from "./pdf-tools.js";

const files: string[] = [];
afterAll(() => {
  if (!process.env.KEEP_PDF) for (const f of files) rmSync(f, { force: true });
});

async function render(name: string, ownerShare: number, owners: string[]): Promise<string> {
  const canvas = new ReportCanvas({ title: "t", subject: "s", author: "a", created: new Date(0), modified: new Date(0), lang: "en" });
  drawTable(
    canvas,
    [
      { header: "Action", width: 100 - ownerShare },
      { header: "Owner", width: ownerShare },
    ],
    owners.map((o, i) => ({ cells: [`Action ${i + 1}: update the escalation path in the second-line runbook`, o] })),
  );
  const path = saveArtifact(name, await canvas.finish());
  files.push(path);
  return pdfText(path);
}

describe("e-mail addresses in report tables", () => {
  const owners = ["compliance.officer@assay-example.local", "wangfang@assay.local", "manager@assay.local"];

  it("keeps each address on one line in a narrow owner column", async () => {
    const text = await render("email-in-narrow-column.pdf", 30, owners);
    for (const o of owners) expect(text).toContain(o);
  });

  it("breaks an address that cannot fit at its @, never inside the name or the domain", async () => {
    const text = await render("email-in-tiny-column.pdf", 22, ["service.owner.name@support.assay-example.local"]);
    const lines = text.split("\n").map((l) => l.trim());
    expect(lines.some((l) => l.endsWith("service.owner.name"))).toBe(true);
    expect(lines.some((l) => l.endsWith("@support.assay-example.local"))).toBe(true);
  });
});

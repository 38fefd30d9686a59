// The sign-off block: who signed the run off, when, and their comment; or the empty lines awaiting it.
import { colours, contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { formatInstant } from "../format.js";
import type { ReportData } from "../load.js";

const integrityNote =
  "Every stored version of this report has its own SHA-256, listed in Assay on the run page and in the reports list: compare it with the SHA-256 of the file you hold.";

export function drawSignoff(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading("8. Sign-off", 140);
  const doc = canvas.doc;
  const s = data.signoff;
  canvas.paragraph(integrityNote, { size: 8.5, colour: colours.muted, gap: 8 });
  // a reopened run keeps its earlier sign-offs on record, marked voided with who reopened it and why
  for (const v of data.voidedSignoffs) {
    canvas.paragraph(
      `VOIDED: the sign-off by ${v.name} on ${formatInstant(v.signedAt, data.run.timezone)} was voided by ${v.voidedBy ?? "—"} on ${formatInstant(v.voidedAt, data.run.timezone)}. Reason: ${v.voidReason ?? "—"}`,
      { colour: "#c62828", gap: 6 },
    );
  }
  if (data.run.provisional) {
    canvas.paragraph("This run is provisional (it started before its audit period ended): it cannot be signed off. Run the plan again once the period has ended.", { colour: colours.muted });
    return;
  }
  if (!s) {
    canvas.paragraph("This run has not been signed off. A compliance officer signs it off in Assay; the signed version of this report then shows the name, time and comment.", {
      colour: colours.muted,
    });
    canvas.ensureSpace(70);
    const y = doc.y + 30;
    for (const [i, label] of ["Name", "Date", "Signature"].entries()) {
      const x = margin.left + i * (contentWidth / 3);
      doc.moveTo(x, y).lineTo(x + contentWidth / 3 - 16, y).lineWidth(0.6).strokeColor(colours.text).stroke();
      canvas.regular(8, colours.muted).label(label, x, y + 4);
    }
    doc.y = y + 24;
    return;
  }
  canvas.ensureSpace(110);
  const y = doc.y;
  doc.rect(margin.left, y, contentWidth, 4).fillColor("#2e7d32").fill();
  doc.y = y + 12;
  canvas.fields([
    ["Signed off by", s.name],
    ["Signed at", formatInstant(s.signedAt, data.run.timezone)],
    ["Comment", s.comment && s.comment.trim() !== "" ? s.comment : "—"],
    ["Run", `#${data.run.id}, completed ${formatInstant(data.run.finishedAt, data.run.timezone)}`],
  ]);
}

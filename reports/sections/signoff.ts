// The sign-off block: who signed the run off, when, and their comment; or the empty lines awaiting it.
import { colours, contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { formatInstant } from "../format.js";
import { pp, pt } from "../language.js";
import { t } from "../../server/i18n/index.js";
import type { ReportData } from "../load.js";

export function drawSignoff(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading(pt("pdf.signoff.heading"), 140);
  const doc = canvas.doc;
  const s = data.signoff;
  canvas.paragraph(pp("pdf.signoff.integrity"), { size: 8.5, colour: colours.muted, gap: 8 });
  // a reopened run keeps its earlier sign-offs on record, marked voided with who reopened it and why
  for (const v of data.voidedSignoffs) {
    canvas.paragraph(
      pp("pdf.signoff.voided", () => ({
        name: v.name,
        signedAt: formatInstant(v.signedAt, data.run.timezone),
        by: v.voidedBy ?? "—",
        at: formatInstant(v.voidedAt, data.run.timezone),
        reason: v.voidReason ?? "—",
      })),
      { colour: "#c62828", gap: 6 },
    );
  }
  if (data.run.provisional) {
    canvas.paragraph(pp("pdf.signoff.provisional"), { colour: colours.muted });
    return;
  }
  if (!s) {
    canvas.paragraph(pp("pdf.signoff.notSigned"), {
      colour: colours.muted,
    });
    canvas.ensureSpace(70);
    const y = doc.y + 30;
    for (const [i, label] of [pt("pdf.signoff.name"), pt("pdf.signoff.date"), pt("pdf.signoff.signature")].entries()) {
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
    [pt("pdf.signoff.signedBy"), s.name],
    [pt("pdf.signoff.signedAt"), formatInstant(s.signedAt, data.run.timezone)],
    [pt("pdf.signoff.comment"), s.comment && s.comment.trim() !== "" ? s.comment : "—"],
    [pt("pdf.signoff.run"), t("pdf.signoff.runValue", { id: data.run.id, at: formatInstant(data.run.finishedAt, data.run.timezone) })],
  ]);
}

// Improvement actions, manual answers with their notes, and the waivers in force for the run.
import { contentWidth, type ReportCanvas } from "../canvas.js";
import { formatBytes, formatDate, formatInstant } from "../format.js";
import type { ReportData } from "../load.js";
import { cellPaddingX, drawTable } from "../table.js";
import { ruleQuestion, ruleTitle } from "../../server/i18n/rule-text.js";

const actionStatusLabels: Record<string, string> = { open: "Open", in_progress: "In progress", done: "Done", verified: "Verified" };
const answerLabels: Record<string, string> = { conformant: "Conformant", nonconformant: "Nonconformant", not_applicable: "Not applicable", deferred: "Deferred" };

export function drawActions(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading("5. Improvement actions", 110);
  if (data.actions.length === 0) {
    canvas.paragraph("No improvement actions are attached to this run's findings.");
    return;
  }
  const asOf = formatDate(data.run.finishedAt ?? data.run.periodEnd, data.run.timezone);
  const ruleOfFinding = new Map(data.findings.map((f) => [f.id, f.ruleId]));
  drawTable(
    canvas,
    [
      { header: "#", width: 5, align: "right" },
      { header: "Finding", width: 20 },
      { header: "Action", width: 32 },
      { header: "Owner", width: 15 },
      { header: "Due", width: 13 },
      { header: "Status", width: 15 },
    ],
    data.actions.map((a) => {
      const overdue = a.dueDate !== null && a.dueDate < asOf && (a.status === "open" || a.status === "in_progress");
      return {
        cells: [
          String(a.id),
          { text: ruleOfFinding.get(a.findingId) ?? `finding ${a.findingId}`, size: 7.5 },
          a.description && a.description !== a.title ? `${a.title}\n${a.description}` : a.title,
          a.owner ?? "—",
          a.dueDate ?? "none",
          { text: `${actionStatusLabels[a.status] ?? a.status}${overdue ? " (overdue)" : ""}`, bold: overdue, colour: overdue ? "#c62828" : undefined },
        ],
      };
    }),
  );
}

export function drawManualAnswers(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading("6. Manual questions", 110);
  const manual = data.results.filter((r) => r.rule.kind === "manual" || r.ruleId.startsWith("MAN-") || data.manualAnswers.some((a) => a.ruleId === r.ruleId));
  const answers = new Map(data.manualAnswers.map((a) => [a.ruleId, a]));
  if (manual.length === 0 && data.manualAnswers.length === 0) {
    canvas.paragraph("The plan asks no manual questions.");
    return;
  }
  const ruleIds = [...new Set([...manual.map((r) => r.ruleId), ...data.manualAnswers.map((a) => a.ruleId)])].sort();
  drawTable(
    canvas,
    [
      { header: "Rule", width: 20 },
      { header: "Question", width: 30 },
      { header: "Answer", width: 15 },
      { header: "Note and attachments", width: 35 },
    ],
    ruleIds.map((id) => {
      const a = answers.get(id);
      const rule = a?.rule ?? data.rules.get(id);
      const question = rule ? (ruleQuestion(rule) ?? ruleTitle(rule)) : id;
      if (!a) return { cells: [{ text: id, bold: true, size: 7.5 }, question, { text: "Not answered", colour: "#ef6c00" }, "—"] };
      const files = a.attachments.map((f) => `Attachment: ${f.filename} (${formatBytes(f.size)})`);
      const note = [a.note ?? "", `answered by ${a.answeredBy}, ${formatInstant(a.answeredAt, data.run.timezone)}`, ...files].filter(Boolean).join("\n");
      // a deferred question is not judged: the report says so, in the pending colour
      const deferred = a.answer === "deferred";
      return { cells: [{ text: id, bold: true, size: 7.5 }, question, { text: answerLabels[a.answer] ?? a.answer, bold: true, ...(deferred ? { colour: "#ef6c00" } : {}) }, note] };
    }),
  );
  drawAttachmentHashes(canvas, data);
}

/** Shares of the attachments table; the SHA-256 column holds a whole hash on one line. */
const attachmentColumns = { rule: 15, file: 19, size: 8, sha256: 58 };

/** Every attachment's full SHA-256, one line each, so that a reader can copy it and compare it with the file. */
function drawAttachmentHashes(canvas: ReportCanvas, data: ReportData): void {
  const files = data.manualAnswers.flatMap((a) => a.attachments.map((f) => ({ ruleId: a.ruleId, ...f })));
  if (files.length === 0) return;
  canvas.subheading("Attachments and their SHA-256");
  const total = Object.values(attachmentColumns).reduce((sum, w) => sum + w, 0);
  const hashSize = canvas.hashSize((attachmentColumns.sha256 / total) * contentWidth - cellPaddingX, 8.5);
  drawTable(
    canvas,
    [
      { header: "Rule", width: attachmentColumns.rule },
      { header: "File", width: attachmentColumns.file },
      { header: "Size", width: attachmentColumns.size, align: "right" },
      { header: "SHA-256", width: attachmentColumns.sha256 },
    ],
    files.map((f) => ({ cells: [{ text: f.ruleId, bold: true, size: 7.5 }, f.filename, formatBytes(f.size), { text: f.sha256, size: hashSize }] })),
  );
}

export function drawWaivers(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading("7. Waivers in force", 110);
  if (data.waivers.length === 0) {
    canvas.paragraph("No waiver applied to this run.");
    return;
  }
  drawTable(
    canvas,
    [
      { header: "Rule", width: 20 },
      { header: "Reason", width: 32 },
      { header: "Requested by", width: 16 },
      { header: "Approved by", width: 18 },
      { header: "Expires on", width: 14 },
    ],
    data.waivers.map((w) => ({
      cells: [
        { text: w.ruleId, bold: true, size: 7.5 },
        w.reason,
        w.requestedBy,
        `${w.approvedBy ?? "—"}${w.approvedAt ? `\n${formatInstant(w.approvedAt, data.run.timezone)}` : ""}`,
        w.expiresOn,
      ],
    })),
  );
}

// Improvement actions, manual answers with their notes, and the waivers in force for the run.
import { contentWidth, type ReportCanvas } from "../canvas.js";
import { label, ruleQuestion, ruleTitle, t } from "../../server/i18n/index.js";
import { formatBytes, formatDay, formatInstant, isoDate } from "../format.js";
import { inEachLanguage, pp, pt } from "../language.js";
import type { ReportData } from "../load.js";
import { cellPaddingX, drawTable } from "../table.js";


export function drawActions(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading(pt("pdf.actions.heading"), 110);
  if (data.actions.length === 0) {
    canvas.paragraph(pp("pdf.actions.none"));
    return;
  }
  const asOf = isoDate(data.run.finishedAt ?? data.run.periodEnd, data.run.timezone);
  const ruleOfFinding = new Map(data.findings.map((f) => [f.id, f.ruleId]));
  drawTable(
    canvas,
    [
      { header: "#", width: 5, align: "right" },
      { header: pt("pdf.actions.finding"), width: 18 },
      { header: pt("pdf.actions.action"), width: 30 },
      { header: pt("pdf.actions.owner"), width: 14 },
      { header: pt("pdf.actions.due"), width: 16 },
      { header: pt("pdf.actions.status"), width: 17 },
    ],
    data.actions.map((a) => {
      const overdue = a.dueDate !== null && a.dueDate < asOf && (a.status === "open" || a.status === "in_progress");
      return {
        cells: [
          String(a.id),
          { text: ruleOfFinding.get(a.findingId) ?? pt("pdf.actions.findingId", { id: a.findingId }), size: 7.5 },
          a.description && a.description !== a.title ? `${a.title}\n${a.description}` : a.title,
          a.owner ?? "—",
          a.dueDate ? formatDay(a.dueDate) : pt("pdf.actions.noDue"),
          {
            text: inEachLanguage(() => {
              const status = label(`pdf.actionStatus.${a.status}`, a.status);
              return overdue ? t("pdf.actions.overdue", { status }) : status;
            }),
            bold: overdue,
            colour: overdue ? "#c62828" : undefined,
          },
        ],
      };
    }),
  );
}

export function drawManualAnswers(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading(pt("pdf.manual.heading"), 110);
  const manual = data.results.filter((r) => r.rule.kind === "manual" || r.ruleId.startsWith("MAN-") || data.manualAnswers.some((a) => a.ruleId === r.ruleId));
  const answers = new Map(data.manualAnswers.map((a) => [a.ruleId, a]));
  if (manual.length === 0 && data.manualAnswers.length === 0) {
    canvas.paragraph(pp("pdf.manual.none"));
    return;
  }
  const ruleIds = [...new Set([...manual.map((r) => r.ruleId), ...data.manualAnswers.map((a) => a.ruleId)])].sort();
  drawTable(
    canvas,
    [
      { header: pt("pdf.manual.rule"), width: 20 },
      { header: pt("pdf.manual.question"), width: 30 },
      { header: pt("pdf.manual.answer"), width: 15 },
      { header: pt("pdf.manual.note"), width: 35 },
    ],
    ruleIds.map((id) => {
      const a = answers.get(id);
      const rule = a?.rule ?? data.rules.get(id);
      const question = rule ? inEachLanguage(() => ruleQuestion(rule) ?? ruleTitle(rule), "\n") : id;
      if (!a) return { cells: [{ text: id, bold: true, size: 7.5 }, question, { text: pt("pdf.manual.notAnswered"), colour: "#ef6c00" }, "—"] };
      const files = a.attachments.map((f) => t("pdf.manual.attachment", { file: f.filename, size: formatBytes(f.size) }));
      const answered = t("pdf.manual.answeredBy", { who: a.answeredBy, at: formatInstant(a.answeredAt, data.run.timezone) });
      const note = [a.note ?? "", answered, ...files].filter(Boolean).join("\n");
      // a deferred question is not judged: the report says so, in the pending colour
      const deferred = a.answer === "deferred";
      return { cells: [{ text: id, bold: true, size: 7.5 }, question, { text: inEachLanguage(() => label(`pdf.answer.${a.answer}`, a.answer)), bold: true, ...(deferred ? { colour: "#ef6c00" } : {}) }, note] };
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
  canvas.subheading(pt("pdf.attachments.heading"));
  const total = Object.values(attachmentColumns).reduce((sum, w) => sum + w, 0);
  const hashSize = canvas.hashSize((attachmentColumns.sha256 / total) * contentWidth - cellPaddingX, 8.5);
  drawTable(
    canvas,
    [
      { header: pt("pdf.manual.rule"), width: attachmentColumns.rule },
      { header: pt("pdf.attachments.file"), width: attachmentColumns.file },
      { header: pt("pdf.attachments.size"), width: attachmentColumns.size, align: "right" },
      { header: "SHA-256", width: attachmentColumns.sha256 },
    ],
    files.map((f) => ({ cells: [{ text: f.ruleId, bold: true, size: 7.5 }, f.filename, formatBytes(f.size), { text: f.sha256, size: hashSize }] })),
  );
}

export function drawWaivers(canvas: ReportCanvas, data: ReportData): void {
  canvas.heading(pt("pdf.waivers.heading"), 110);
  if (data.waivers.length === 0) {
    canvas.paragraph(pp("pdf.waivers.none"));
    return;
  }
  drawTable(
    canvas,
    [
      { header: pt("pdf.manual.rule"), width: 20 },
      { header: pt("pdf.waivers.reason"), width: 32 },
      { header: pt("pdf.waivers.requestedBy"), width: 16 },
      { header: pt("pdf.waivers.approvedBy"), width: 18 },
      { header: pt("pdf.waivers.expires"), width: 14 },
    ],
    data.waivers.map((w) => ({
      cells: [
        { text: w.ruleId, bold: true, size: 7.5 },
        w.reason,
        w.requestedBy,
        `${w.approvedBy ?? "—"}${w.approvedAt ? `\n${formatInstant(w.approvedAt, data.run.timezone)}` : ""}`,
        formatDay(w.expiresOn),
      ],
    })),
  );
}

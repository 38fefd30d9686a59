// The cover page: what was audited, over which period, by whom, and the overall result.
import { colours, contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { describeTimeZone, label, t } from "../../server/i18n/index.js";
import { formatInstant } from "../format.js";
import { inEachLanguage, isBilingual, pp, pt } from "../language.js";
import type { ReportData } from "../load.js";
import { formatScore, verdictOf } from "../verdict.js";

/** width of the field labels: the value column beside them must hold a whole SHA-256 */
const labelWidth = 130;
const toneColours = { good: "#2e7d32", warn: "#ef6c00", bad: "#c62828" };

function periodText(data: ReportData): string {
  const { run } = data;
  return t("pdf.cover.periodValue", { start: formatInstant(run.periodStart, run.timezone), end: formatInstant(run.periodEnd, run.timezone) });
}

function scopeText(data: ReportData): string {
  const n = data.results.length;
  const rulebook = data.plan.rulebook;
  return n === data.rulebookSize ? t("pdf.cover.scopeAll", { n, rulebook }) : t("pdf.cover.scopeSome", { n, total: data.rulebookSize, rulebook });
}

export function drawCover(canvas: ReportCanvas, data: ReportData): void {
  const { run, plan } = data;
  const doc = canvas.doc;
  const verdict = verdictOf(data);

  doc.rect(0, 0, doc.page.width, 150).fillColor(colours.accent).fill();
  canvas.bold(11, "#cfe0f1").label(pt("pdf.cover.kicker"), margin.left, 46, { width: contentWidth, ellipsis: true });
  canvas.bold(26, "#ffffff").label(pt("pdf.cover.title"), margin.left, 66, { width: contentWidth, ellipsis: true });
  canvas.regular(13, "#ffffff");
  doc.text(plan.name, margin.left, 104, { width: contentWidth, height: 40, ellipsis: true });
  doc.y = 176;

  if (run.provisional) {
    // a provisional run judged an unfinished period: say so before anything else
    const y = doc.y;
    const note = pp("pdf.cover.provisionalNote", () => ({ asOf: formatInstant(run.asOf, run.timezone) }));
    canvas.regular(8.5);
    const height = 26 + doc.heightOfString(note, { width: contentWidth - 24 });
    doc.rect(margin.left, y, contentWidth, height).fillColor("#8250df").fill();
    canvas.bold(11, "#ffffff").label(pt("pdf.cover.provisional"), margin.left + 12, y + 6);
    canvas.regular(8.5, "#ffffff");
    doc.text(note, margin.left + 12, y + 20, { width: contentWidth - 24 });
    doc.y = y + height + 12;
  }

  canvas.fields([
    [pt("pdf.cover.plan"), t("pdf.cover.planValue", { name: plan.name, id: plan.id })],
    [pt("pdf.cover.rulebook"), data.rulebookTitle ? `${data.rulebookTitle} (${run.rulebookVersion})` : run.rulebookVersion],
    [pt("pdf.cover.scope"), scopeText(data)],
    [pt("pdf.cover.services"), data.allServices ? t("pdf.cover.servicesAll", { services: data.services.join(", ") || t("pdf.cover.noServices") }) : data.services.join(", ")],
    [pt("pdf.cover.period"), periodText(data)],
    [pt("pdf.cover.timeZone"), describeTimeZone(run.timezone, run.periodEnd)],
    [pt("pdf.cover.run"), t("pdf.cover.runValue", { id: run.id, trigger: label(`pdf.trigger.${run.trigger}`, run.trigger) })],
    [pt("pdf.cover.auditor"), run.startedBy],
    [pt("pdf.cover.owner"), plan.owner ?? "—"],
    [pt("pdf.cover.started"), formatInstant(run.startedAt, run.timezone)],
    [pt("pdf.cover.completed"), formatInstant(run.finishedAt, run.timezone)],
    [pt("pdf.cover.generated"), formatInstant(data.signoff?.signedAt ?? run.finishedAt ?? run.periodEnd, run.timezone)],
    [pt("pdf.cover.policies"), run.policyVersions?.length ? run.policyVersions.join(", ") : "—"],
    [pt("pdf.cover.fingerprint"), run.dataHash ?? "—", { size: canvas.hashSize(contentWidth - labelWidth) }],
    [pt("pdf.cover.revision"), run.dataRevision === null ? "—" : t("pdf.cover.revisionValue", { revision: run.dataRevision, run: run.id })],
  ], labelWidth);

  doc.y += 14;
  const boxY = doc.y;
  // field labels, values and numbers read once (in Chinese first in a bilingual report); headings and sentences in both
  const headline = inEachLanguage(() => verdictOf(data).headline, "\n");
  canvas.bold(isBilingual() ? 11.5 : 14);
  const boxH = Math.max(92, 34 + doc.heightOfString(headline, { width: contentWidth - 200 }) + 10);
  const tone = toneColours[verdict.tone];
  doc.rect(margin.left, boxY, contentWidth, boxH).lineWidth(1.5).strokeColor(tone).stroke();
  doc.rect(margin.left, boxY, 6, boxH).fillColor(tone).fill();
  canvas.bold(9, colours.muted).label(pt("pdf.cover.overall"), margin.left + 18, boxY + 12, { width: contentWidth - 200 });
  // a bilingual headline takes two lines at a smaller size
  canvas.bold(isBilingual() ? 11.5 : 14, tone);
  doc.text(headline, margin.left + 18, boxY + 26, { width: contentWidth - 200 });
  canvas.bold(9, colours.muted).label(pt("pdf.cover.score"), margin.left + contentWidth - 160, boxY + 12, { width: 145, align: "right" });
  canvas.bold(22).label(formatScore(run.score), margin.left + contentWidth - 160, boxY + 26, { width: 145, align: "right" });
  canvas.regular(8.5, colours.muted).label(t("pdf.cover.beforeWaivers", { score: formatScore(run.scoreRaw) }), margin.left + contentWidth - 160, boxY + 58, { width: 145, align: "right", ellipsis: true });
  doc.y = boxY + boxH + 16;

  const signoff = data.signoff;
  canvas.paragraph(
    signoff
      ? pp("pdf.cover.signedBy", () => ({ name: signoff.name, at: formatInstant(signoff.signedAt, run.timezone) }))
      : data.voidedSignoffs.length
        ? pp("pdf.cover.reopened", { by: data.voidedSignoffs.at(-1)!.voidedBy ?? "—", reason: data.voidedSignoffs.at(-1)!.voidReason ?? "—" })
        : run.provisional
          ? pp("pdf.cover.provisionalUnsigned")
          : pp("pdf.cover.awaiting"),
    { colour: signoff ? colours.text : colours.muted },
  );
}

// The cover page: what was audited, over which period, by whom, and the overall result.
import { colours, contentWidth, margin, type ReportCanvas } from "../canvas.js";
import { formatInstant } from "../format.js";
import type { ReportData } from "../load.js";
import { formatScore, verdictOf } from "../verdict.js";

/** width of the field labels: the value column beside them must hold a whole SHA-256 */
const labelWidth = 130;
const toneColours = { good: "#2e7d32", warn: "#ef6c00", bad: "#c62828" };

function periodText(data: ReportData): string {
  const { run } = data;
  return `${formatInstant(run.periodStart, run.timezone)} to ${formatInstant(run.periodEnd, run.timezone)} (end excluded)`;
}

function scopeText(data: ReportData): string {
  const n = data.results.length;
  return n === data.rulebookSize ? `all ${n} rules of ${data.plan.rulebook}` : `${n} of the ${data.rulebookSize} rules of ${data.plan.rulebook}`;
}

export function drawCover(canvas: ReportCanvas, data: ReportData): void {
  const { run, plan } = data;
  const doc = canvas.doc;
  const verdict = verdictOf(data);

  doc.rect(0, 0, doc.page.width, 150).fillColor(colours.accent).fill();
  canvas.bold(11, "#cfe0f1").label("Assay · ISO/IEC 20000 service support audit", margin.left, 46);
  canvas.bold(26, "#ffffff").label("Audit report", margin.left, 66);
  canvas.regular(13, "#ffffff");
  doc.text(plan.name, margin.left, 104, { width: contentWidth, height: 40, ellipsis: true });
  doc.y = 176;

  if (run.provisional) {
    // a provisional run judged an unfinished period: say so before anything else
    const y = doc.y;
    doc.rect(margin.left, y, contentWidth, 34).fillColor("#8250df").fill();
    canvas.bold(11, "#ffffff").label("PROVISIONAL", margin.left + 12, y + 6);
    canvas.regular(8.5, "#ffffff").label(
      `Started before the audit period ended; judged as of ${formatInstant(run.asOf, run.timezone)}. No findings or actions raised; cannot be signed off.`,
      margin.left + 12,
      y + 20,
      { width: contentWidth - 24 },
    );
    doc.y = y + 46;
  }

  canvas.fields([
    ["Plan", `${plan.name} (plan #${plan.id})`],
    ["Rulebook", data.rulebookTitle ? `${data.rulebookTitle} (${run.rulebookVersion})` : run.rulebookVersion],
    ["Scope", scopeText(data)],
    ["Services", data.allServices ? `all services: ${data.services.join(", ") || "none recorded"}` : data.services.join(", ")],
    ["Audit period", periodText(data)],
    ["Time zone", run.timezone],
    ["Run", `#${run.id} (${run.trigger})`],
    ["Auditor", run.startedBy],
    ["Plan owner", plan.owner ?? "—"],
    ["Started", formatInstant(run.startedAt, run.timezone)],
    ["Completed", formatInstant(run.finishedAt, run.timezone)],
    ["Generated at", formatInstant(data.signoff?.signedAt ?? run.finishedAt ?? run.periodEnd, run.timezone)],
    ["SLA policy versions", run.policyVersions?.length ? run.policyVersions.join(", ") : "—"],
    ["Data fingerprint", run.dataHash ?? "—", { size: canvas.hashSize(contentWidth - labelWidth) }],
    ["Data revision", run.dataRevision === null ? "—" : `${run.dataRevision} (assay verify-run ${run.id} re-performs this run on it)`],
  ], labelWidth);

  doc.y += 14;
  const boxY = doc.y;
  const boxH = 92;
  const tone = toneColours[verdict.tone];
  doc.rect(margin.left, boxY, contentWidth, boxH).lineWidth(1.5).strokeColor(tone).stroke();
  doc.rect(margin.left, boxY, 6, boxH).fillColor(tone).fill();
  canvas.bold(9, colours.muted).label("OVERALL RESULT", margin.left + 18, boxY + 12);
  canvas.bold(14, tone);
  doc.text(verdict.headline, margin.left + 18, boxY + 26, { width: contentWidth - 200 });
  canvas.bold(9, colours.muted).label("SCORE", margin.left + contentWidth - 160, boxY + 12, { width: 145, align: "right" });
  canvas.bold(22).label(formatScore(run.score), margin.left + contentWidth - 160, boxY + 26, { width: 145, align: "right" });
  canvas.regular(8.5, colours.muted).label(`before waivers: ${formatScore(run.scoreRaw)}`, margin.left + contentWidth - 160, boxY + 58, { width: 145, align: "right" });
  doc.y = boxY + boxH + 16;

  const signoff = data.signoff;
  canvas.paragraph(
    signoff
      ? `Signed off by ${signoff.name} on ${formatInstant(signoff.signedAt, run.timezone)}.`
      : data.voidedSignoffs.length
        ? `Reopened: the earlier sign-off was voided by ${data.voidedSignoffs.at(-1)!.voidedBy ?? "—"} (${data.voidedSignoffs.at(-1)!.voidReason ?? "—"}); this version awaits a new sign-off.`
        : run.provisional
          ? "Provisional: this run cannot be signed off."
          : "Not signed off yet: this version awaits a compliance officer's sign-off.",
    { colour: signoff ? colours.text : colours.muted },
  );
}

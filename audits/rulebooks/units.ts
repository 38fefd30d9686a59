// How a rule's value is written in its unit, in the reader's language: the one definition the pages and the PDF
// both use (the unit's name is the catalogue's `unit.name.<unit>`, its decimals are set here).
import { formatNumber, formatPercent, t } from "../../server/i18n/index.js";
import type { Unit } from "./types.js";

/** The most decimals a value of the unit is written with (a percentage always with this many). */
const decimals: Record<NonNullable<Unit>, number> = { percent: 1, minutes: 1, days: 1, count: 0, score: 1 };

/** The unit's name in the reader's language ("min", "天"); empty for a plain count or no unit. */
export const unitName = (unit: Unit): string => (unit === null ? "" : t(`unit.name.${unit}`));

/** "75.0%", "95.3 min", "45 days", "3": a rule's value (or threshold) in its unit. */
export function formatMeasure(value: number, unit: Unit): string {
  if (unit === "percent") return formatPercent(value, decimals.percent);
  const n = formatNumber(value, unit === null ? 2 : decimals[unit]);
  const name = unitName(unit);
  return name === "" ? n : `${n} ${name}`;
}

// A rule's value reads the same on the pages and in the PDF: one definition of each unit (audits/rulebooks/units.ts),
// in the reader's language.
import { describe, expect, it } from "vitest";
import { formatMeasure } from "../../audits/rulebooks/units.js";
import { formatThreshold, formatValue } from "../../reports/format.js";
import { ruleCatalogue } from "../../reports/rule-catalogue.js";
import { withPresentation } from "../../server/i18n/presentation.js";

const catalogue = ruleCatalogue("iso20000-support");
const rule = (id: string) => catalogue.get(id)!;
const inLocale = <T,>(locale: "en" | "zh-CN", fn: () => T) => withPresentation({ locale, timeZone: "UTC" }, fn);

describe("units", () => {
  it("the PDF writes each rule's value as the pages do, in English and in Chinese", () => {
    const cases = [
      ["INC-RESOLVE-URGENT", 80, "80.0%", "80.0%"],
      ["MTTR-URGENT", 95.25, "95.3 min", "95.3 分钟"],
      ["KB-UPDATE-MONTH", 45, "45 days", "45 天"],
      ["REC-CONSISTENT", 3, "3", "3"],
      ["TRAINING-SCORE", 86.5, "86.5 points", "86.5 分"],
    ] as const;
    for (const [id, value, en, zh] of cases) {
      const info = rule(id);
      expect(inLocale("en", () => [formatValue(value, info), formatMeasure(value, info.unit)])).toEqual([en, en]);
      expect(inLocale("zh-CN", () => [formatValue(value, info), formatMeasure(value, info.unit)])).toEqual([zh, zh]);
    }
    expect(inLocale("en", () => formatThreshold(31, rule("KB-UPDATE-MONTH")))).toBe("< 31 days");
  });
});

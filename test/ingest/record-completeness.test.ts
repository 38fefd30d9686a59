// REC-COMPLETE's test of one record, derived at ingest: the rulebook's id pattern and "blank" as nothing but
// Unicode white space once trimmed.
import { describe, expect, it } from "vitest";
import { isBlank, isCompleteRecord } from "../../server/ingest/record-completeness.js";

const complete = { id: "IT-2024-001", summary: "printer", category: "technical", priority: "general", assignee: "alice", resolvedAt: null, resolution: null };

describe("a complete record", () => {
  it("has an id matching ^[A-Z][A-Z0-9]*-\\d{4}-\\d{3,}$ exactly", () => {
    const ok = ["IT-2024-001", "IT-2024-0001", "A-0000-000", "OPS1-2026-123456", "A1B2-2024-999", "Z-9999-000000000", "AZ09-1234-000"];
    const bad = [
      "IT-2024-01", "it-2024-001", "1T-2024-001", "IT-24-001", "IT-20245-001", "IT-2024-001a", "IT-2024-001\n", " IT-2024-001", "IT_2024-001",
      "-2024-001", "IT--2024-001", "IT-2024--001", "IT-2024-001-002", "IT-２０２４-001", "ÄT-2024-001", "IT-2024-", "IT-2024", "IT", "",
      "IT-2024-00１", "IT-a024-001", "I T-2024-001", "IT-2024-0 1", "A-B-2024-001", "A-1234-567\t", "a-1234-567", "A-1234-ABC",
    ];
    expect(ok.filter((id) => !isCompleteRecord({ ...complete, id }))).toEqual([]);
    expect(bad.filter((id) => isCompleteRecord({ ...complete, id }))).toEqual([]);
  });

  it("has no field that is blank after trimming any Unicode white space", () => {
    const spaces = [" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u1680", "\u2000", "\u2005", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"];
    for (const s of spaces) expect(isBlank(s + s), JSON.stringify(s)).toBe(true);
    expect([null, undefined, ""].every(isBlank)).toBe(true);
    expect(["\u200b", "x", "\u3000x\u3000", "工单"].some(isBlank)).toBe(false);
    for (const field of ["summary", "category", "assignee"] as const) expect(isCompleteRecord({ ...complete, [field]: "\u3000" })).toBe(false);
    expect(isCompleteRecord({ ...complete, priority: null })).toBe(false);
    expect(isCompleteRecord({ ...complete, resolvedAt: 1, resolution: "\u00a0" })).toBe(false);
    expect(isCompleteRecord({ ...complete, resolvedAt: 1, resolution: "fixed" })).toBe(true);
    expect(isCompleteRecord(complete)).toBe(true);
  });
});

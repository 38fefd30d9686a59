// REC-COMPLETE's id pattern, written with GLOB for SQLite, agrees with the rulebook's regular expression.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idMatchesPattern } from "../../audits/evaluators/ticket-conditions.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
beforeAll(async () => (t = await buildTestApp()));
afterAll(() => t.close());

const regex = /^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$/;
const samples = [
  "IT-2024-001", "IT-2024-0001", "A-0000-000", "OPS1-2026-123456", "A1B2-2024-999", "IT-2024-01", "it-2024-001", "1T-2024-001",
  "IT-24-001", "IT-20245-001", "IT-2024-001a", "IT-2024-001\n", " IT-2024-001", "IT_2024-001", "-2024-001", "IT--2024-001",
  "IT-2024--001", "IT-2024-001-002", "IT-２０２４-001", "ÄT-2024-001", "IT-2024-", "IT-2024", "IT", "", "Z-9999-000000000",
  "IT-2024-00１", "IT-a024-001", "I T-2024-001", "IT-2024-0 1", "IT-2024-001A", "A-B-2024-001", "IT-2024-001-5", "AB-1234-567-",
  "A-1234-5678", "A9-0000-000", "A-12345-678", "A-1234-56", "A--1234-567", "A-1234-567\t", "a-1234-567", "AZ09-1234-000", "A-1234-ABC",
];

describe("the REC-COMPLETE id pattern", () => {
  it("matches exactly what ^[A-Z][A-Z0-9]*-\\d{4}-\\d{3,}$ matches", async () => {
    const rows = await t.database.db.all<{ id: string; ok: number }>(
      sql`SELECT v.column1 AS id, ${idMatchesPattern(sql`v.column1`)} AS ok FROM (VALUES ${sql.join(samples.map((s) => sql`(${s})`), sql`, `)}) v`,
    );
    expect(rows.map((r) => [r.id, !!r.ok])).toEqual(samples.map((s) => [s, regex.test(s)]));
  });
});

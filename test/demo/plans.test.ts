// The demo's people and audit history: English and Chinese users (the Chinese ones read Assay in Chinese), and
// manual answers whose notes fit their question, in the language of the auditor who wrote them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../server/clock.js";
import { openDatabase, type Database } from "../../server/db/client.js";
import { createDemoUsers, demoUsers } from "../../server/demo/load.js";
import { loadDemoPlans } from "../../server/demo/plans.js";
import { prepareDatabase } from "../../server/startup.js";
import { tempDatabaseUrl } from "../support/app.js";
import { seedDataSet } from "../pages/seed.js";
import { rmSync } from "node:fs";

let database: Database;
let dir: string;
const clock = fixedClock("2026-11-24T12:00:00Z");
const log: string[] = [];

beforeAll(async () => {
  const temp = await tempDatabaseUrl();
  dir = temp.dir;
  database = await openDatabase(temp.url);
  await prepareDatabase(database, clock);
  await seedDataSet(database.db, clock.now());
  await createDemoUsers(database, clock, (l) => log.push(l));
  await loadDemoPlans(database, clock);
}, 240_000);
afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("demo people and answers", () => {
  it("creates the English logins the README lists and three Chinese colleagues who read Chinese", async () => {
    const rows = (await database.client.execute("SELECT email, name, role, locale FROM users WHERE email LIKE '%@assay.local' AND email <> 'admin@assay.local' ORDER BY id")).rows;
    expect(rows.map((r) => ({ ...r }))).toEqual(demoUsers.map((u) => ({ email: u.email, name: u.name, role: u.role, locale: u.locale })));
    expect(rows.filter((r) => r.locale === "zh-CN").map((r) => `${r.name} ${r.role}`)).toEqual(["王芳 auditor", "李强 manager", "陈静 compliance_officer"]);
    for (const u of demoUsers) expect(log.join("\n")).toContain(u.email);
  });

  it("notes each nonconformant or not-applicable answer with a note of its own question, in Chinese or English", async () => {
    const rows = (await database.client.execute("SELECT rule_id, answer, note, answered_by FROM manual_answers WHERE answer <> 'conformant'")).rows;
    expect(rows.length).toBeGreaterThan(10);
    const notesByRule = new Map<string, Set<string>>();
    for (const r of rows) {
      const note = String(r.note);
      expect(note).not.toContain("通讯录未更新 Contact list out of date");
      if (r.answered_by === "wangfang@assay.local") expect(note).toMatch(/[\u4e00-\u9fff]/);
      else expect(note).not.toMatch(/[\u4e00-\u9fff]/);
      const set = notesByRule.get(String(r.rule_id)) ?? new Set();
      set.add(note);
      notesByRule.set(String(r.rule_id), set);
    }
    // no two questions share a note
    const all = [...notesByRule.values()].flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
    expect([...(notesByRule.get("MAN-COMMS-TEMPLATES") ?? [])].every((n) => /通讯录|contact list|通讯模板|templates/i.test(n))).toBe(true);
    expect(new Set(rows.map((r) => r.answered_by))).toEqual(new Set(["wangfang@assay.local", "auditor@assay.local"]));
  });

  it("stores each completed run's report, as the scheduler does (the README's demo runs come with their reports)", async () => {
    const rows = (await database.client.execute("SELECT r.id, (SELECT count(*) FROM reports p WHERE p.run_id = r.id) AS versions FROM runs r WHERE r.status = 'completed'")).rows;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => Number(r.versions) === 0).map((r) => r.id)).toEqual([]);
  });
});

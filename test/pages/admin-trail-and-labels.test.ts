// The admin page as a new administrator reads it: the audit trail's changes as field lists (field, old → new), not
// raw JSON; the role selects in the users table name themselves; the plan form's period select has its label.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordChange } from "../../server/audit-trail.js";
import { changedFields } from "../../views/components/change-fields.js";
import { buildTestApp, type TestApp } from "../support/app.js";

let t: TestApp;
let admin = "";
let auditor = "";
beforeAll(async () => {
  t = await buildTestApp();
  admin = (await t.session("admin")).cookie;
  auditor = (await t.session("auditor")).cookie;
  await t.database.db.transaction((tx) =>
    recordChange(tx, t.clock.now(), { actor: "boss@example.test", action: "action.update", entity: "action", entityId: 7, before: { status: "open", owner: "li@example.test", due_on: "2026-12-01" }, after: { status: "done", owner: "li@example.test", due_on: null } }),
  );
  await t.database.db.transaction((tx) => recordChange(tx, t.clock.now(), { actor: "boss@example.test", action: "plan.create", entity: "plan", entityId: 3, after: { name: "Q4 <audit>", services: ["email", "erp"], period: { type: "previous_month" } } }));
});
afterAll(() => t.close());

const get = (path: string, cookie: string) => t.app.request(path, { headers: { accept: "text/html", cookie } });

describe("the audit trail's changes", () => {
  it("lists each field with its old and new value instead of JSON", async () => {
    const html = await (await get("/admin?action=action.update", admin)).text();
    const cell = /<td class="small change">(.*?)<\/td>/.exec(html)![1];
    expect(cell).toBe(
      '<dl class="change-fields">' +
        '<dt>status</dt><dd><del>open</del> <span aria-hidden="true">→</span><span class="visually-hidden">changed to</span> <ins>done</ins></dd>' +
        '<dt>owner</dt><dd><span class="unchanged">li@example.test</span></dd>' +
        '<dt>due_on</dt><dd><del>2026-12-01</del> <span aria-hidden="true">→</span><span class="visually-hidden">changed to</span> <ins>–</ins></dd>' +
        "</dl>",
    );
    expect(cell).not.toContain("{&quot;");
  });

  it("writes lists with commas and nested objects as pairs, escaped", async () => {
    const html = await (await get("/admin?action=plan.create", admin)).text();
    expect(html).toContain("<dt>name</dt><dd><ins>Q4 &lt;audit&gt;</ins></dd><dt>services</dt><dd><ins>email, erp</ins></dd><dt>period</dt><dd><ins>type: previous_month</ins></dd>");
  });

  it("keeps a value that is not an object, and shows nothing for an entry without a change", () => {
    expect(changedFields(null, '"archived"')).toEqual([{ field: "", after: "archived" }]);
    expect(changedFields(null, null)).toEqual([]);
    expect(changedFields('{"a":1}', "{}")).toEqual([{ field: "a", before: "1" }]);
  });
});

describe("select labels", () => {
  it("names each role select in the users table (which has no visible label beside it)", async () => {
    const html = await (await get("/admin", admin)).text();
    const inTable = /<table class="data-table">.*?<\/table>/s.exec(html)![0];
    expect(inTable).toContain('<select name="role" required="" aria-label="Role">');
    expect(inTable).not.toMatch(/<select name="role" required="">/);
  });

  it("labels the plan form's period select", async () => {
    const html = await (await get("/plans/new", auditor)).text();
    expect(html).toContain('<legend>Audit period</legend><label>Kind of period<select name="period">');
  });
});

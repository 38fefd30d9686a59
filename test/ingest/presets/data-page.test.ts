// The Data page's upload offers the import formats, a service, a time zone and a preview, in the reader's language.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../support/app.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

async function dataPage(language: string) {
  const { cookie } = await t.session("admin");
  const res = await t.app.request("/data", { headers: { cookie, accept: "text/html", "accept-language": language } });
  expect(res.status).toBe(200);
  return res.text();
}

describe("the Data page upload", () => {
  it("offers every format, the contract's own first, and a preview", async () => {
    const html = await dataPage("en");
    const select = /<select name="format">.*?<\/select>/s.exec(html)![0];
    const options = [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toEqual([
      ["assay", "Assay ticket fields"],
      ["servicenow", "ServiceNow incident table"],
      ["servicenow-history", "ServiceNow audit history"],
      ["jsm", "Jira Service Management"],
      ["zammad", "Zammad"],
      ["glpi", "GLPI"],
      ["rt", "Request Tracker"],
    ]);
    expect(html).toContain('<input type="checkbox" name="dry_run" value="1"/> Preview only (writes nothing)');
    expect(html).toContain('data-msg-preview="Preview: {rows} rows read, {tickets} tickets; {inserted} would be new, {updated} updated; {refused} refused."');
  });

  it("speaks Chinese to a Chinese reader", async () => {
    const html = await dataPage("zh-CN");
    expect(html).toContain("导出格式");
    expect(html).toContain("仅预览（不写入）");
    expect(html).toContain('<option value="servicenow-history">ServiceNow 审计历史</option>');
  });
});

// The Data page's CSV upload in Chromium when the file is refused: the error is said once, each refused row by its
// line in the file (the header is line 1), and the progress bar goes back to empty.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./browser.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors).toEqual([]);
});

const header = "id,kind,service,opened_at\n";

describe("a refused CSV upload", () => {
  it.each([["en-GB"], ["zh-CN"]])("says what is wrong once, by line, and empties the progress bar (%s)", async (locale) => {
    const { page, context } = await h.signIn("admin", { locale });
    await page.goto(`${h.base}/data`);
    const upload = async (csv: string) => {
      await page.setInputFiles("#csv-upload input[type=file]", { name: "tickets.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.click("#csv-upload button[type=submit]");
    };
    // a good file first: the bar ends full
    await upload(`${header}UP-${locale}-1,incident,email,2026-10-01T00:00:00Z\n`);
    await page.waitForFunction(() => document.querySelector("#csv-upload progress")?.getAttribute("value") === "100" || (document.querySelector("#csv-upload progress") as HTMLProgressElement).value === 100);

    await upload(`${header}UP-${locale}-2,incident,email,2026-10-01T00:00:00Z\nUP-${locale}-3,bogus,email,2026-10-01T00:00:00Z\nUP-${locale}-4,incident,email,notadate\n`);
    await page.waitForSelector("#csv-upload.failed");
    const said = (await page.textContent("#csv-upload .upload-status")) ?? "";
    const lines = said.split("\n");
    if (locale === "en-GB") {
      expect(lines[0]).toBe("Upload failed: The file was refused and nothing was written.");
      expect(lines[1]).toMatch(/^Line 3, kind: Invalid option/);
      expect(lines[2]).toMatch(/^Line 4, opened_at: must be an ISO 8601 instant/);
    } else {
      expect(lines[0]).toBe("上传失败：文件未被接受，没有写入任何数据。");
      expect(lines[1]).toMatch(/^第 3 行，kind：/);
      expect(lines[2]).toMatch(/^第 4 行，opened_at：/);
    }
    expect(lines).toHaveLength(3);
    // each problem once, and no 0-based "tickets.1" next to the line numbers
    expect(said.match(/Invalid option/g)).toHaveLength(1);
    expect(said).not.toContain("tickets.");
    expect(await page.$eval("#csv-upload progress", (p) => ({ value: (p as HTMLProgressElement).value, hidden: (p as HTMLProgressElement).hidden }))).toEqual({ value: 0, hidden: true });
    await h.screenshot(page, `data-upload-refused-${locale}`);
    // Chromium logs the 400 the upload was answered with: that entry, and only it
    expect(h.errors).toEqual([expect.stringMatching(/Failed to load resource: the server responded with a status of 400/)]);
    h.errors.length = 0;
    await context.close();
  }, 90_000);
});

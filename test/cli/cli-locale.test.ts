// The command line in the reader's language: human output in zh-CN under ASSAY_LOCALE (or LC_ALL/LC_MESSAGES/LANG),
// machine output (the JSON line) unchanged; and the import's --encoding for GB18030/GBK files.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { tempDatabaseUrl } from "../support/app.js";

let dir: string;
let url: string;
const zh = { ASSAY_LOCALE: "zh-CN" };

beforeAll(async () => {
  ({ dir, url } = await tempDatabaseUrl());
  expect(runCli(["migrate"], { databaseUrl: url, env: zh }).stdout).toContain("数据库迁移已完成");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "邮件" and "打印机卡纸" as GBK writes them */
const gbk = {
  mail: [0xd3, 0xca, 0xbc, 0xfe],
  printerJam: [0xb4, 0xf2, 0xd3, 0xa1, 0xbb, 0xfa, 0xbf, 0xa8, 0xd6, 0xbd],
};

describe("assay in Chinese", () => {
  it("prints its usage, summaries and errors in Chinese; the JSON line stays as it was", () => {
    const usage = runCli(["help"], { databaseUrl: url, env: zh }).stdout;
    expect(usage).toContain("用法：assay <命令> [选项]");
    // every command the CLI answers is in its usage
    for (const command of ["serve", "migrate", "demo", "import tickets", "user create", "user reset-password", "user deactivate", "token create", "backup", "restore", "purge", "verify-audit-trail", "verify-run", "connector add rt", "connector sync", "notify --now"]) {
      expect(usage).toContain(`  ${command}`);
    }
    const file = join(dir, "tickets.csv");
    writeFileSync(file, "id,kind,service,opened_at,summary\nZH-2026-00001,incident,邮件,2026-10-01T08:00:00+08:00,打印机卡纸\n");
    const res = runCli(["import", "tickets", file], { databaseUrl: url, env: zh });
    expect(res.status, res.stderr).toBe(0);
    const [summary, quality, where, json] = res.stdout.trim().split("\n");
    expect(summary).toMatch(/^已导入 .*tickets\.csv：收到 1 条，新增 1 条，更新 0 条，未变 0 条，用时 \d+\.\d 秒$/);
    // no category, priority or assignee: the record rules' view of what was written
    expect(quality).toBe("写入工单的数据质量：检查 1 张，不完整 1 张（REC-COMPLETE），时间顺序错误 0 张（REC-CONSISTENT）");
    expect(where).toMatch(/^不合格记录见数据页：\/data\/quality\?data_change=\d+$/);
    expect(JSON.parse(json)).toEqual({ received: 1, inserted: 1, updated: 0 });

    const bad = runCli(["user", "create", "--email", "x@example.com", "--role", "boss"], { databaseUrl: url, input: "a long enough password", env: zh });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("错误：--role 必须是以下之一：viewer");
    expect(runCli(["frobnicate"], { databaseUrl: url, env: zh }).stderr).toContain("未知命令“frobnicate”");
  });

  it("takes the language from LC_ALL, LC_MESSAGES or LANG when ASSAY_LOCALE is unset, and ASSAY_LOCALE first", () => {
    expect(runCli(["migrate"], { databaseUrl: url, env: { ASSAY_LOCALE: "", LC_ALL: "", LC_MESSAGES: "", LANG: "zh_CN.UTF-8" } }).stdout).toBe("数据库迁移已完成\n");
    expect(runCli(["migrate"], { databaseUrl: url, env: { ASSAY_LOCALE: "en", LANG: "zh_CN.UTF-8" } }).stdout).toBe("migrations applied\n");
  });

  it("refuses an undeclared GBK file naming line and column (ZH-2026-00002,incident, is 23 characters), and imports it with --encoding gb18030", () => {
    const file = join(dir, "gbk.csv");
    writeFileSync(file, Buffer.concat([Buffer.from("id,kind,service,opened_at,summary\nZH-2026-00002,incident,"), Buffer.from(gbk.mail), Buffer.from(",2026-10-01T08:00:00+08:00,"), Buffer.from(gbk.printerJam), Buffer.from("\n")]));
    const refused = runCli(["import", "tickets", file], { databaseUrl: url, env: zh });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("不是 UTF-8 编码的文本：第 2 行第 24 列有无法解码的字节；未写入任何数据；该文件可按 GB18030/GBK 读取");
    expect(refused.stderr).toContain("--encoding gb18030");
    const english = runCli(["import", "tickets", file], { databaseUrl: url, env: { ASSAY_LOCALE: "en" } });
    expect(english.stderr).toContain("is not UTF-8 text: undecodable bytes at line 2, column 24");
    expect(english.stderr).toContain("import it again with --encoding gb18030");

    const declared = runCli(["import", "tickets", file, "--encoding", "gb18030"], { databaseUrl: url, env: zh });
    expect(declared.status, declared.stderr).toBe(0);
    expect(JSON.parse(declared.stdout.trim().split("\n").at(-1)!)).toEqual({ received: 1, inserted: 1, updated: 0 });
    // the same text as the UTF-8 import of ZH-2026-00001 stored
    const check = runCli(["import", "tickets", file, "--encoding", "GBK"], { databaseUrl: url, env: zh });
    expect(JSON.parse(check.stdout.trim().split("\n").at(-1)!)).toEqual({ received: 1, inserted: 0, updated: 0 });
    expect(runCli(["import", "tickets", file, "--encoding", "latin1"], { databaseUrl: url, env: zh }).stderr).toContain('unknown encoding "latin1"');
  });
});

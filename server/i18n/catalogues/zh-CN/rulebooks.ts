// 组织规则手册（简体中文）：`assay rulebook` 命令与“规则手册”页面。
import type { rulebooks as en } from "../en/rulebooks.js";

export const rulebooks: Record<keyof typeof en, string> = {
  "rulebooks.cliUsage":
    "组织规则手册（见 README“Organisation rulebooks”）：\n  rulebook lint FILE                     检查规则手册文件（YAML 或 JSON），逐条指出错误在文件中的位置\n  rulebook import FILE                   导入规则手册的一个版本；已被审核执行使用的版本不会再被更改\n  rulebook export ID [--version V]       以 YAML 输出规则手册（例如 iso20000-support，作为自建手册的起点）\n  rulebook test FILE --fixtures DIR      用 DIR 中的测试数据评判该规则手册，并与 DIR/expected.json 比对；\n                                         有任何不符时退出码为 1",
  "rulebooks.cli.lintOk": "{file}：有效，共 {rules} 条规则（{ref}）",
  "rulebooks.cli.lintErrors": "{file}：{n} 处错误",
  "rulebooks.cli.imported": "已导入 {ref}（{rules} 条规则），SHA-256 {sha256}",
  "rulebooks.cli.unchanged": "{ref} 已以相同内容导入，未作任何更改",
  "rulebooks.cli.replaced": "已替换 {ref}（此前没有审核执行使用过它），SHA-256 {sha256}",
  "rulebooks.cli.unknown": "没有规则手册 {id}",
  "rulebooks.cli.testHeader": "规则|预期|实际|数值|结论",
  "rulebooks.cli.testOk": "符合",
  "rulebooks.cli.testMismatch": "不符",
  "rulebooks.cli.testNotRun": "未评判",
  "rulebooks.cli.testSummary": "{ref}：{total} 项预期结果中有 {passed} 项符合",
  "rulebooks.cli.testFailed": "有 {failed} 条规则与 expected.json 不符",
};

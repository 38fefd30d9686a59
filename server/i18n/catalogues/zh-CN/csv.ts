// CSV 文件的导入与导出（简体中文）：上传表单的编码选择。
import type { csv as en } from "../en/csv.js";

export const csv: Record<keyof typeof en, string> = {
  "csv.encoding": "文件编码",
  "csv.encodingUtf8": "UTF-8（带或不带 BOM）",
  "csv.encodingGb18030": "GB18030 / GBK（中文版 Excel 导出的 CSV）",
};

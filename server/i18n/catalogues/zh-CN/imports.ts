// 数据页：导入其他工单系统的导出文件（格式、服务、时区、预览）。
import type { imports as en } from "../en/imports.js";

export const imports: Record<keyof typeof en, string> = {
  "imports.format": "导出格式",
  "imports.format.assay": "Assay 工单字段",
  "imports.format.servicenow": "ServiceNow 事件表",
  "imports.format.servicenow-history": "ServiceNow 审计历史",
  "imports.format.jsm": "Jira Service Management",
  "imports.format.zammad": "Zammad",
  "imports.format.glpi": "GLPI",
  "imports.format.rt": "Request Tracker",
  "imports.service": "所有工单所属服务",
  "imports.timezone": "日期所用时区",
  "imports.preview": "仅预览（不写入）",
  "imports.previewDone": "预览：读取 {rows} 行，共 {tickets} 张工单；将新增 {inserted} 张、更新 {updated} 张；拒绝 {refused} 张。",
  "imports.previewUnmapped": "未使用的列：{columns}",
  "imports.previewRefused": "被拒绝：",
  "imports.help": "其他工单系统的导出文件：请选择其格式（各格式读取的列见 README），建议先预览。",
};

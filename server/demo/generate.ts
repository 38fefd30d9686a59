// The demo data set: about two years of five services with believable volumes, SLA behaviour, one bad
// quarter, satisfaction, daily availability, and the activities the rulebook asks for (one drill missed).
// Deterministic: the same seed and end date always give the same records.
import { DateTime } from "luxon";
import type { ActivityInput, MetricSampleInput, TicketInput } from "../contract/index.js";
import { Random } from "./random.js";

export const demoServices = [
  { key: "email", name: "电子邮件服务 Email", weight: 1.0 },
  { key: "erp", name: "ERP 系统", weight: 1.3 },
  { key: "network", name: "网络与 VPN Network", weight: 0.9 },
  { key: "portal", name: "服务台门户 Service portal", weight: 0.7 },
  { key: "hr", name: "人力资源系统 HR", weight: 0.5 },
] as const;

const minute = 60_000;
const day = 86_400_000;

const incidentCategories = ["system_failure", "data", "user_operation", "security", "performance"] as const;
const requestCategories = ["technical", "product_usage", "security", "consulting"] as const;
const assignees = ["王伟", "李娜", "张敏", "刘洋", "陈静", "Alice Chen", "Bob Li", "Grace Zhou"];
const channels = ["phone", "email", "portal", "on_site"];
const summaries: Record<string, string[]> = {
  system_failure: ["核心系统崩溃，无法登录", "Mail server not delivering", "ERP 批处理任务失败", "VPN gateway down"],
  data: ["报表数据不一致", "Lost attachment after sync", "数据导入出错", "Customer record duplicated"],
  user_operation: ["用户忘记密码", "Cannot configure mail client", "打印机设置问题", "Excel macro blocked"],
  security: ["可疑钓鱼邮件", "Account locked after failed logins", "权限申请审批", "Malware alert on laptop"],
  performance: ["系统响应缓慢", "Portal pages load slowly", "网络延迟高", "Database timeout at month end"],
  technical: ["安装软件请求", "New mailbox for employee", "开通 VPN 账号", "Add printer to floor 3"],
  product_usage: ["如何导出报表", "How to share a calendar", "ERP 审批流程咨询", "Set up out-of-office"],
  consulting: ["系统选型咨询", "Advice on archiving policy", "数据备份方案咨询", "Licence question"],
};

export interface DemoWindow {
  start: number;
  end: number;
  /** the bad quarter: slower handling, unhappier users, an availability incident */
  badStart: number;
  badEnd: number;
}

/** Two years ending at the start of the current UTC day; the bad quarter is the one that began about nine months earlier. */
export function demoWindow(now: number): DemoWindow {
  const end = DateTime.fromMillis(now, { zone: "utc" }).startOf("day");
  const start = end.minus({ years: 2 });
  const badStart = end.minus({ months: 6 }).startOf("quarter").minus({ quarters: 1 });
  return { start: start.toMillis(), end: end.toMillis(), badStart: badStart.toMillis(), badEnd: badStart.plus({ quarters: 1 }).toMillis() };
}

const iso = (ms: number) => new Date(ms).toISOString();

function seasonal(ms: number): number {
  const d = DateTime.fromMillis(ms, { zone: "Asia/Shanghai" });
  const weekday = d.weekday <= 5 ? 1 : 0.3;
  const yearly = 1 + 0.15 * Math.sin(((d.ordinal - 60) / 365) * 2 * Math.PI);
  const springFestival = d.month === 2 && d.day < 20 ? 0.5 : 1;
  const yearEnd = d.month === 12 ? 1.2 : 1;
  return weekday * yearly * springFestival * yearEnd;
}

interface Profile {
  respMedian: number;
  respSigma: number;
  resMedian: number;
  resSigma: number;
}
const incidentProfiles: Record<string, Profile> = {
  urgent: { respMedian: 12, respSigma: 0.55, resMedian: 45, resSigma: 0.45 },
  important: { respMedian: 25, respSigma: 0.7, resMedian: 100, resSigma: 0.45 },
  general: { respMedian: 180, respSigma: 0.9, resMedian: 600, resSigma: 0.75 },
};
const requestProfiles: Record<string, Profile> = {
  urgent: { respMedian: 60, respSigma: 0.8, resMedian: 300, resSigma: 0.7 },
  general: { respMedian: 240, respSigma: 0.9, resMedian: 900, resSigma: 0.7 },
  complex: { respMedian: 300, respSigma: 0.9, resMedian: 1800, resSigma: 0.5 },
};

/** Yields tickets in chunks, in time order, about 100,000 in all. */
export function* demoTickets(w: DemoWindow, seed = 20_261_124, chunkSize = 5000): Generator<TicketInput[]> {
  const rnd = new Random(seed);
  const perYear = new Map<string, number>();
  let chunk: TicketInput[] = [];
  const dailyMean = 170;
  for (let dayStart = w.start; dayStart < w.end; dayStart += day) {
    const bad = dayStart >= w.badStart && dayStart < w.badEnd;
    const n = rnd.poisson(dailyMean * seasonal(dayStart + 12 * 3600_000) * (bad ? 1.25 : 1));
    for (let i = 0; i < n; i++) {
      // office hours are busier: a bell around 10:30 Beijing time (02:30 UTC)
      const hourUtc = Math.min(23.9, Math.max(0, 2.5 + rnd.normal() * 3.5 + (rnd.chance(0.15) ? rnd.int(-2, 14) : 0)));
      const opened = dayStart + Math.floor(hourUtc * 3600_000) + rnd.int(0, 59) * 1000;
      const service = rnd.pick(demoServices, demoServices.map((s) => s.weight));
      const kind = rnd.pick(["incident", "request", "problem"] as const, [55, 41, 4]);
      const year = new Date(opened).getUTCFullYear();
      const prefix = kind === "incident" ? "INC" : kind === "request" ? "REQ" : "PRB";
      const seqKey = `${prefix}-${year}`;
      const seq = (perYear.get(seqKey) ?? 0) + 1;
      perYear.set(seqKey, seq);
      let priority: TicketInput["priority"] = rnd.pick(["urgent", "important", "general"] as const, kind === "incident" ? [5, 25, 70] : [5, 20, 75]);
      const complex = kind === "request" && rnd.chance(0.1);
      const category = kind === "request" ? rnd.pick(requestCategories) : rnd.pick(incidentCategories, [25, 15, 30, 10, 20]);
      const profile = kind === "incident" || kind === "problem" ? incidentProfiles[priority!] : requestProfiles[complex ? "complex" : priority === "urgent" ? "urgent" : "general"];
      const slow = bad ? 2.1 : 1;
      const responseMin = rnd.logNormal(profile.respMedian * slow, profile.respSigma);
      const resolutionMin = Math.max(responseMin + 5, rnd.logNormal(profile.resMedian * slow * (kind === "problem" ? 6 : 1), profile.resSigma));
      const onHold = kind === "request" && rnd.chance(0.15) ? Math.round(rnd.logNormal(120, 0.8)) : null;
      let resolvedAt: number | null = opened + (resolutionMin + (onHold ?? 0)) * minute;
      let firstResponseAt: number | null = opened + responseMin * minute;
      if (resolvedAt > w.end) resolvedAt = null;
      if (firstResponseAt > w.end) firstResponseAt = null;
      const closedAt = resolvedAt !== null ? resolvedAt + rnd.logNormal(kind === "request" ? 600 : 900, 0.9) * minute : null;
      const satisfied = rnd.chance(bad ? 0.8 : 0.935);
      const satisfaction = resolvedAt !== null && rnd.chance(0.55) ? (satisfied ? rnd.pick([4, 5], [40, 60]) : rnd.pick([1, 2, 3], [15, 30, 55])) : null;
      let assignee: string | null = rnd.pick(assignees);
      let summary: string | null = rnd.pick(summaries[category]);
      let resolution: string | null = resolvedAt !== null ? rnd.pick(["已恢复服务", "Restarted the service", "重置密码并告知用户", "Applied vendor patch", "已按流程处理完毕"]) : null;
      // a little realistic mess: incomplete records, more of them in the bad quarter
      if (rnd.chance(bad ? 0.02 : 0.004)) assignee = null;
      if (rnd.chance(0.001)) summary = "";
      if (resolution && rnd.chance(bad ? 0.01 : 0.002)) resolution = null;
      if (rnd.chance(0.0005)) priority = null;
      let closed = closedAt !== null && closedAt <= w.end ? closedAt : null;
      // a handful of inconsistent records (closed before resolved), in the bad quarter only
      if (bad && closed !== null && resolvedAt !== null && rnd.chance(0.0008)) closed = resolvedAt - 30 * minute;
      chunk.push({
        id: `${seqKey}-${String(seq).padStart(6, "0")}`,
        kind,
        service: service.key,
        priority,
        complex: kind === "request" ? complex : undefined,
        category,
        summary,
        assignee,
        resolution,
        channel: rnd.pick(channels, [30, 25, 40, 5]),
        opened_at: iso(opened),
        first_response_at: firstResponseAt === null ? null : iso(Math.round(firstResponseAt)),
        resolved_at: resolvedAt === null ? null : iso(Math.round(resolvedAt)),
        closed_at: closed === null ? null : iso(Math.round(closed)),
        on_hold_minutes: onHold,
        satisfaction,
      });
      if (chunk.length >= chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length) yield chunk;
}

/** Daily availability per service: near 99.95 %, a few outage days, and a bad month in the bad quarter for ERP. */
export function demoMetrics(w: DemoWindow, seed = 7): MetricSampleInput[] {
  const rnd = new Random(seed);
  const samples: MetricSampleInput[] = [];
  for (const s of demoServices) {
    for (let t = w.start; t < w.end; t += day) {
      let value = Math.min(100, 99.97 + rnd.normal() * 0.02);
      if (rnd.chance(0.01)) value = 99 - rnd.next() * 2;
      if (s.key === "erp" && t >= w.badStart && t < w.badStart + 31 * day && rnd.chance(0.3)) value = 97 + rnd.next() * 2;
      samples.push({ metric: "availability", service: s.key, at: iso(t), value: Math.round(value * 1000) / 1000, unit: "percent" });
    }
  }
  return samples;
}

/** Drills, reviews, trainings and the rest, on their cadence; the latest drill is missed (over six months ago). */
export function demoActivities(w: DemoWindow, urgentIncidents: { id: string; resolvedAt: number }[], seed = 11): ActivityInput[] {
  const rnd = new Random(seed);
  const out: ActivityInput[] = [];
  const date = (ms: number) => iso(ms).slice(0, 10);
  const every = (type: string, days: number, make: (at: number, i: number) => Partial<ActivityInput>, opts: { until?: number; jitter?: number } = {}) => {
    let i = 0;
    for (let t = w.start + rnd.int(0, days) * day; t < (opts.until ?? w.end); t += (days + rnd.int(-(opts.jitter ?? 5), opts.jitter ?? 5)) * day) {
      out.push({ id: `${type}-${date(t)}`, type, date: date(t), service: null, ...make(t, i++) });
    }
  };
  // drills every ~5 months, but the last one was skipped: the latest is more than 183 days old
  every("emergency_drill", 150, (_, i) => ({ title: `应急演练 #${i + 1} (tabletop)`, outcome: i === 1 ? null : "演练评估：响应及时，通讯录需更新 / evaluated, contacts list updated" }), { until: w.end - 200 * day, jitter: 3 });
  every("emergency_plan_review", 170, () => ({ title: "应急预案评审 Emergency plan review", outcome: "updated" }), { jitter: 4 });
  every("training", 88, () => ({ title: "服务礼仪与安全培训 Support training", score: Math.round(78 + rnd.next() * 16), outcome: "assessed" }), { jitter: 3 });
  every("kb_update", 25, () => ({ title: "知识库更新 KB update" }), { jitter: 4 });
  every("access_review", 85, () => ({ title: "权限复核 Access review", outcome: "least privilege confirmed" }), { jitter: 4 });
  every("backup_restore_test", 80, () => ({ title: "备份恢复测试 Backup restore test", outcome: "restore ok" }), { jitter: 6 });
  every("sla_review", 330, () => ({ title: "服务标准评审 SLA review" }), { jitter: 10 });
  every("management_review", 340, () => ({ title: "管理评审 Management review" }), { jitter: 10 });
  every("internal_audit", 350, () => ({ title: "内部审核 Internal audit" }), { jitter: 5 });
  // post-incident reviews: nearly every urgent incident, within five days; a few missed in the bad quarter
  for (const inc of urgentIncidents) {
    const bad = inc.resolvedAt >= w.badStart && inc.resolvedAt < w.badEnd;
    if (rnd.chance(bad ? 0.85 : 0.995)) {
      const at = inc.resolvedAt + rnd.int(1, 4) * day;
      if (at < w.end) out.push({ id: `review-${inc.id}`, type: "incident_review", date: date(at), ticket_id: inc.id, service: null, title: `事件复盘 ${inc.id}`, outcome: "root cause found" });
    }
  }
  isoDemoDetails(w, out, seed + 16);
  return out;
}

/**
 * Who took part and what was covered (issue 16), from a random source of its own so that the activities above keep
 * their dates: trainings name their attendees (all staff but, now and then, one absent — the coverage passes),
 * internal audits an auditor from quality who owns no support area (an early one was audited by the area's own
 * owner), management reviews their inputs (the latest one forgot the risks: a finding), and major changes, each
 * followed by a continuity test of its service within a few weeks (a minor change needs none).
 */
function isoDemoDetails(w: DemoWindow, out: ActivityInput[], seed: number): void {
  const rnd = new Random(seed);
  const date = (ms: number) => iso(ms).slice(0, 10);
  const allInputs = ["audit_results", "customer_satisfaction", "service_performance", "nonconformities_actions", "risks", "improvement_opportunities"] as const;
  const areas = [
    { area: "事件管理 Incident management", owner: "王伟" },
    { area: "服务请求管理 Service requests", owner: "李娜" },
    { area: "服务台 Service desk", owner: "Alice Chen" },
  ];
  const reviews = out.filter((a) => a.type === "management_review");
  const audits = out.filter((a) => a.type === "internal_audit");
  for (const a of out) {
    if (a.type === "training") a.participants = assignees.filter(() => !rnd.chance(0.04));
    if (a.type === "management_review") a.inputs = a === reviews[reviews.length - 1] ? allInputs.filter((i) => i !== "risks") : [...allInputs];
    if (a.type === "internal_audit") {
      const { area, owner } = rnd.pick(areas);
      Object.assign(a, { area, area_owner: owner, auditor: a === audits[0] ? owner : "赵磊（质量部）" });
    }
  }
  for (let t = w.start + rnd.int(10, 60) * day, i = 1; t < w.end - 45 * day; t += rnd.int(40, 90) * day, i++) {
    const service = rnd.pick(demoServices).key;
    const major = rnd.chance(0.6);
    out.push({ id: `change-${date(t)}`, type: "change", date: date(t), service, major, title: `变更 #${i} ${major ? "重大变更 Major change" : "一般变更 Minor change"}` });
    if (major) {
      const test = t + rnd.int(5, 25) * day;
      out.push({ id: `continuity_test-${date(test)}-${service}`, type: "continuity_test", date: date(test), service, title: "连续性测试 Continuity test", outcome: "failover ok" });
    }
  }
}

// The demo's problem records, major incidents and complaints (issue 16), from a random source of their own so that
// the tickets of generate.ts keep every other value: problems carry a root cause, later incidents of the same
// service and category often name them; a share of urgent incidents is declared major, management is told within
// the hour (once too late), the emergency plan is reviewed after most of them; a few requests are complaints; most
// low satisfaction scores are followed up by an activity naming the ticket, some are not.
import type { ActivityInput, TicketInput } from "../contract/index.js";
import { Random } from "./random.js";

const day = 86_400_000;
const minute = 60_000;
const rootCauses = ["磁盘空间耗尽 Disk full", "证书过期 Expired certificate", "配置变更未评审 Unreviewed configuration change", "供应商补丁缺陷 Vendor patch defect", "容量不足 Capacity shortfall"];

export class DemoIsoDetails {
  private readonly rnd: Random;
  /** the latest problem of each service and category */
  private readonly problems = new Map<string, string>();
  private readonly major: { id: string; opened: number; resolved: number | null }[] = [];
  private readonly lowScores: { id: string; resolved: number }[] = [];

  constructor(seed = 16_016) {
    this.rnd = new Random(seed);
  }

  /** Adds the issue-16 fields to a chunk of demo tickets (in time order), in place. */
  enrich(chunk: TicketInput[]): void {
    const rnd = this.rnd;
    for (const t of chunk) {
      const key = `${t.service}|${t.category ?? ""}`;
      if (t.kind === "problem") {
        if (t.resolved_at && rnd.chance(0.9)) t.root_cause = rnd.pick(rootCauses);
        this.problems.set(key, t.id);
      } else if (t.kind === "incident") {
        const problem = this.problems.get(key);
        if (problem && rnd.chance(0.35)) t.problem_id = problem;
        if (t.priority === "urgent" && rnd.chance(0.15)) {
          t.major_incident = true;
          this.major.push({ id: t.id, opened: Date.parse(t.opened_at), resolved: t.resolved_at ? Date.parse(t.resolved_at) : null });
        }
      } else if (t.kind === "request" && rnd.chance(0.02)) {
        t.category = "complaint";
        t.summary = "对服务处理结果不满意 / Unhappy with how a request was handled";
      }
      if (t.satisfaction != null && t.satisfaction <= 2 && t.resolved_at) this.lowScores.push({ id: t.id, resolved: Date.parse(t.resolved_at) });
    }
  }

  /** The activities that go with them, dated before `end`. */
  activities(start: number, end: number): ActivityInput[] {
    const rnd = this.rnd;
    const out: ActivityInput[] = [];
    const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const instant = (ms: number) => new Date(Math.round(ms)).toISOString();
    let late = false;
    for (const m of this.major) {
      // one notification, in the bad quarter, three hours late: MAJOR-INC-INFORMED names it
      const tooLate: boolean = !late && m.opened > start + 200 * day && rnd.chance(0.3);
      late ||= tooLate;
      const at = m.opened + (tooLate ? 180 : rnd.int(5, 40)) * minute;
      if (at < end) out.push({ id: `notify-${m.id}`, type: "management_notification", date: instant(at), ticket_id: m.id, service: null, title: `通报管理层 Management informed of ${m.id}` });
      if (m.resolved !== null && rnd.chance(0.8)) {
        const review = m.resolved + rnd.int(3, 20) * day;
        if (review < end) out.push({ id: `plan-review-${m.id}`, type: "emergency_plan_review", date: date(review), service: null, title: `事后预案评审 Plan review after ${m.id}`, outcome: "updated" });
      }
    }
    for (let t = start + rnd.int(20, 60) * day; t < end; t += rnd.int(75, 88) * day) {
      out.push({ id: `problem_review-${date(t)}`, type: "problem_review", date: date(t), service: null, title: "问题评审 Problem review", outcome: "open problems reviewed" });
    }
    for (const s of this.lowScores) {
      if (!rnd.chance(0.85)) continue;
      const at = s.resolved + rnd.int(1, 4) * day;
      if (at < end) out.push({ id: `followup-${s.id}`, type: "complaint_followup", date: date(at), ticket_id: s.id, service: null, title: `回访 Follow-up of ${s.id}` });
    }
    return out;
  }
}

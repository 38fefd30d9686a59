// Problem links and major incidents over a random data set (issue 16), drawn from their own seeded generator so that
// the rest of the data set stays as it was: root causes (some blank), incidents and requests linked to problems (some
// to deleted or missing ones, or to a ticket that is no problem), sub-categories that recur in small groups, major
// incidents with management notifications and emergency plan reviews around the edges of their windows.
import type { ActivityInput, TicketInput } from "../../server/contract/index.js";
import { Random } from "../../server/demo/random.js";
import { withOffset } from "./random-dataset.js";

const minute = 60_000;
const day = 86_400_000;
const offsets = [0, 480, -300, 330];
const blanks = [null, "", "  ", "\t", "\u3000", "\u00a0", "\ufeff"];
const subCategories = ["disk", "dns", "vpn", "login", "printer", "backup"];
const padding = ["", " ", "\u3000", "\t"];

export function addProblemLinks(seed: number, tickets: TicketInput[], activities: ActivityInput[]): void {
  const rnd = new Random(seed ^ 0x16);
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const when = (ms: number) => (rnd.chance(0.5) ? dateOf(ms) : withOffset(ms, rnd.pick(offsets)));
  const problems = tickets.filter((t) => t.kind === "problem");
  const incidents = tickets.filter((t) => t.kind === "incident");
  for (const t of tickets) {
    if (t.kind === "problem") {
      t.root_cause = rnd.chance(0.65) ? `root cause of ${t.id}` : rnd.pick(blanks);
      // a problem naming another problem is stored as given and links nothing
      if (rnd.chance(0.03)) {
        const other = rnd.pick(problems);
        if (other.id !== t.id) t.problem_id = other.id;
      }
      continue;
    }
    if (t.kind === "incident") {
      if (t.category && t.category.trim() !== "" && rnd.chance(0.6)) t.category = `${rnd.pick(padding)}${t.category.trim()}/${rnd.pick(subCategories)}${rnd.pick(padding)}`;
      if (rnd.chance(0.08)) t.major_incident = true;
      else if (rnd.chance(0.1)) t.major_incident = false;
    } else if (rnd.chance(0.02)) t.major_incident = true; // a request marked major is no major incident
    const link = rnd.next();
    if (link < 0.12) t.problem_id = rnd.pick(problems).id;
    else if (link < 0.14) t.problem_id = `PRB-MISSING-${rnd.int(1, 99)}`;
    else if (link < 0.15) {
      const other = rnd.pick(incidents);
      if (other.id !== t.id) t.problem_id = other.id;
    }
  }
  let n = 0;
  for (const t of incidents) {
    if (!t.major_incident) continue;
    const opened = Date.parse(t.opened_at);
    if (rnd.chance(0.75)) {
      // from half an hour before the opening to two hours after it: both edges of the one-hour window
      const at = opened + rnd.int(-30, 120) * minute;
      activities.push({ id: `mgmt-${n++}`, type: "management_notification", date: when(at), ticket_id: rnd.chance(0.9) ? t.id : `${t.id}-other`, service: null });
    }
    if (t.resolved_at && rnd.chance(0.7)) {
      const at = Date.parse(t.resolved_at) + rnd.int(-3 * 24, 40 * 24) * 3600_000;
      const service = rnd.pick([null, null, t.service, "mail", "erp", "network"]);
      activities.push({ id: `epr-${n++}`, type: "emergency_plan_review", date: when(at), service, title: `after ${t.id}` });
    }
  }
  const first = Math.min(...tickets.map((t) => Date.parse(t.opened_at)));
  for (let i = 0; i < 3; i++) activities.push({ id: `prv-${n++}`, type: "problem_review", date: when(first + rnd.int(0, 150) * day), service: rnd.pick([null, "mail"]) });
}

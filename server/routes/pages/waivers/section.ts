// The data of a plan's waivers section: its waivers, the rules a waiver may name (the plan's), and today.
import { getPlan } from "../../../../audits/plans.js";
import { findRulebookAt } from "../../../../audits/rulebooks/store.js";
import type { WaiversSectionProps } from "../../../../views/waivers.js";
import type { DbOrTx } from "../../../db/client.js";
import { listWaivers } from "../../../../audits/waiver-queries.js";

export async function waiversSectionData(db: DbOrTx, planId: number, today: string): Promise<Pick<WaiversSectionProps, "waivers" | "rules" | "today">> {
  const [plan, waivers] = await Promise.all([getPlan(db, planId), listWaivers(db, planId)]);
  const book = await findRulebookAt(db, plan.rulebook, plan.rulebook_version);
  const rules = (book?.rules ?? []).filter((r) => plan.rules === null || plan.rules.includes(r.id));
  return { waivers, rules, today };
}

// The two scores of a run: raw (before waivers) and after waivers, as percentages of judged rules.
import type { ResultStatus } from "../server/db/schema.js";

export function scoreOf(statuses: ResultStatus[]): number | null {
  const pass = statuses.filter((s) => s === "pass").length;
  const fail = statuses.filter((s) => s === "fail").length;
  return pass + fail === 0 ? null : (pass / (pass + fail)) * 100;
}

export function runScores(results: { status: ResultStatus; rawStatus: ResultStatus }[]) {
  return { scoreRaw: scoreOf(results.map((r) => r.rawStatus)), score: scoreOf(results.map((r) => r.status)) };
}

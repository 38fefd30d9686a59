// A coloured status label: pass green, fail red, waived purple, n/a grey, pending blue (and the run and finding states).
import { label } from "../../server/i18n/index.js";

export function StatusBadge({ status, group = "status" }: { status: string; group?: "status" | "run" | "finding" | "action" | "severity" | "batch" | "waiver" }) {
  return <span class={`badge badge-${status}`}>{label(`${group}.${status}`, status)}</span>;
}

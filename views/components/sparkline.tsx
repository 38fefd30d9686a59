// A small score trend drawn as inline SVG on the server (no script needed).
import { t } from "../../server/i18n/index.js";

export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const points = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v !== null);
  if (points.length < 2) return <span class="muted">{t("common.none")}</span>;
  const w = 120;
  const h = 28;
  const step = w / Math.max(1, values.length - 1);
  const y = (v: number) => h - 2 - (Math.max(0, Math.min(100, v)) / 100) * (h - 4);
  const d = points.map((p, k) => `${k === 0 ? "M" : "L"}${(p.i * step).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  return (
    <svg class="sparkline" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}

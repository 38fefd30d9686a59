// The targets of the performance issue (round 2, issue 15), each judged against a figure or a baseline of the same run.
export const targets = {
  ingest: { ratio: 0.6, perSecond: 40_000, text: "≥ 0.6× raw and ≥ 40,000/s" },
  update: { ratio: 0.5, text: "≥ 0.5× raw" },
  import: { perSecond: 40_000, peakMb: 300, text: "≥ 40,000 rows/s, peak < 300 MB" },
  run: { groupByRatio: 2, text: "≤ 2× GROUP BY" },
  pages: { p99Ms: 50 },
  pdf: { ms: 1000, text: "≤ 1 s" },
  serverPeak: { mb: 300, text: "< 300 MB" },
  mixed: { pageP99Ms: 150 },
  scale: { ratio: 1.25 },
} as const;

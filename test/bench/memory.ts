// Peak resident memory of this process: VmHWM from /proc (Linux), else the maxRSS of getrusage.
import { readFileSync } from "node:fs";

export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

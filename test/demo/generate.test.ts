import { describe, expect, it } from "vitest";
import { demoActivities, demoTickets, demoWindow } from "../../server/demo/generate.js";

const now = Date.parse("2026-11-24T10:00:00Z");

describe("demo data generator", () => {
  it("is deterministic and believable: about 100,000 tickets over two years with a realistic priority mix", () => {
    const w = demoWindow(now);
    const first = [...demoTickets(w)].flat();
    const second = [...demoTickets(w)].flat();
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(90_000);
    expect(first.length).toBeLessThan(115_000);
    const incidents = first.filter((t) => t.kind === "incident");
    const urgentShare = incidents.filter((t) => t.priority === "urgent").length / incidents.length;
    expect(urgentShare).toBeGreaterThan(0.03);
    expect(urgentShare).toBeLessThan(0.08);
    expect(new Set(first.map((t) => t.id)).size).toBe(first.length);
    expect(first.every((t) => /^[A-Z][A-Z0-9]*-\d{4}-\d{3,}$/.test(t.id))).toBe(true);
  });

  it("misses the latest drill: none within the last 183 days", () => {
    const w = demoWindow(now);
    const drills = demoActivities(w, []).filter((a) => a.type === "emergency_drill").map((a) => Date.parse(a.date));
    expect(drills.length).toBeGreaterThan(2);
    expect(Math.max(...drills)).toBeLessThan(w.end - 183 * 86_400_000);
  });
});

// verify-run compares result values to 12 significant digits: the slices of the ticket pass add floating sums whose
// last binary digit depends on where the slice boundaries fall, and the shadow tables number their rows afresh.
import { describe, expect, it } from "vitest";
import { sameValue } from "../../audits/verify-run.js";

describe("sameValue", () => {
  it("takes a difference in the last binary digit as the same value", () => {
    expect(sameValue(84.65966292134831, 84.65966292134834)).toBe(true);
    expect(sameValue(0.1 + 0.2, 0.3)).toBe(true);
  });
  it("tells any difference that can be shown or judged", () => {
    expect(sameValue(84.659663, 84.659664)).toBe(false);
    expect(sameValue(95, 95.00000001)).toBe(false);
    expect(sameValue(0, 1e-9)).toBe(false);
    expect(sameValue(null, 0)).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });
});

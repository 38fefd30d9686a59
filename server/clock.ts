// Injected time: production reads the system clock, tests and demo data pass a fixed or stepping one.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(at: number | string): Clock & { set(at: number | string): void } {
  let t = typeof at === "string" ? Date.parse(at) : at;
  return {
    now: () => t,
    set(next) {
      t = typeof next === "string" ? Date.parse(next) : next;
    },
  };
}

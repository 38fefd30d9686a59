// A turn of the event loop inside long work. The embedded database runs SQL on the main thread, and a chain of
// awaits on its (already settled) results runs as one macrotask: an ingest batch or an audit run would hold every
// waiting request (pages, the health check) until it ends. Long work awaits this between its pieces, so what
// waits is answered in between; a transaction stays open across it, so no reader sees part of the work.
//
// Long works take turns: one piece per turn of the event loop, in the order they asked. With plain setImmediate,
// every work waiting for a turn ran its next piece in the same check phase (two ingest batches and a run: three
// pieces back to back, ≈ 180 ms on a quiet machine), and a page request read in between waited for all of them.
// Now the poll phase, where requests are read and answered, comes between any two pieces.
const waiting: (() => void)[] = [];
let pumping = false;

function pump() {
  const next = waiting.shift();
  // the next piece, if another work waits, in the next turn (after timers and the poll phase)
  if (waiting.length > 0) setImmediate(pump);
  else pumping = false;
  next?.();
}

export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });

/** Works waiting for their turn (for tests). */
export const worksWaiting = (): number => waiting.length;

/** Runs the steps one after another with a turn of the event loop between (instead of Promise.all, which runs their SQL in one turn); their answers in order. */
export async function inTurns<T extends readonly (() => Promise<unknown>)[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const [i, step] of steps.entries()) {
    if (i > 0) await yieldToEventLoop();
    out.push(await step());
  }
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

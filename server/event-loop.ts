// A turn of the event loop inside long work. The embedded database runs SQL on the main thread, and a chain of
// awaits on its (already settled) results runs as one macrotask: an ingest batch or an audit run would hold every
// waiting request (pages, the health check) until it ends. Long work awaits this between its pieces, so what
// waits is answered in between; a transaction stays open across it, so no reader sees part of the work.
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs the steps one after another with a turn of the event loop between (instead of Promise.all, which runs their SQL in one turn); their answers in order. */
export async function inTurns<T extends readonly (() => Promise<unknown>)[]>(steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const [i, step] of steps.entries()) {
    if (i > 0) await yieldToEventLoop();
    out.push(await step());
  }
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

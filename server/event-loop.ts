// A turn of the event loop inside long work. The embedded database runs SQL on the main thread, and a chain of
// awaits on its (already settled) results runs as one macrotask: an ingest batch or an audit run would hold every
// waiting request (pages, the health check) until it ends. Long work awaits this between its pieces, so what
// waits is answered in between; a transaction stays open across it, so no reader sees part of the work.
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

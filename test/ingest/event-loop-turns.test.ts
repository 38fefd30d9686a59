// A large batch gives the event loop turns while it is validated and written: SQL of the embedded database runs on
// the main thread, and a 10,000-ticket batch in one piece held every other request (pages, the health check) for
// half a second. Counted as turns of the event loop during the request, not timed: a setImmediate chain advances
// one step per turn, and a batch done in one piece leaves it where it was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { ticketBatchSchema, ticketSchema, maxBatchItems } from "../../server/contract/index.js";
import { parseBatch, parseBatchInSlices } from "../../server/ingest/validate.js";
import { AppError } from "../../server/errors.js";
import { worksWaiting, yieldToEventLoop } from "../../server/event-loop.js";
import { buildTestApp, jsonBody, type TestApp } from "../support/app.js";
import { ticket } from "../support/factories.js";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ now: "2026-11-24T12:00:00Z" });
});
afterAll(() => t.close());

/** Turns of the event loop while `work` runs. */
async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    done = true;
  }
  return turns;
}

const tickets = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ticket(from + i + 1));

describe("a 10,000-ticket batch and the event loop", () => {
  it("turns the event loop while the batch is validated, derived and written, and stores the whole batch", async () => {
    const body = { tickets: tickets(maxBatchItems) };
    const turns = await turnsDuring(async () => {
      const res = await t.request("/api/v1/tickets", { ...jsonBody(body), role: "ingest" });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ received: maxBatchItems, inserted: maxBatchItems, updated: 0 });
    });
    // 9 turns while validating, 9 while deriving, 9 between the upserts (one per 1,000 tickets each)
    expect(turns).toBeGreaterThanOrEqual(27);
    const [{ n }] = await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM tickets`);
    expect(n).toBe(maxBatchItems);
  });

  it("re-ingest of the batch changed: before-images kept in slices too, every one of them", async () => {
    const body = { tickets: tickets(maxBatchItems).map((x) => ({ ...x, summary: `${x.summary} (changed)` })) };
    const res = await t.request("/api/v1/tickets", { ...jsonBody(body), role: "ingest" });
    expect(await res.json()).toMatchObject({ received: maxBatchItems, inserted: 0, updated: maxBatchItems });
    const [{ n }] = await t.database.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ticket_history`);
    expect(n).toBe(maxBatchItems);
  });
});

describe("pages computed afresh after new data", () => {
  it("turn the event loop between their charts and tiles", async () => {
    // the batches above made every memoised answer stale: these requests compute theirs
    const kpis = await turnsDuring(async () => expect((await t.request("/kpis", { role: "viewer", headers: { accept: "text/html" } })).status).toBe(200));
    expect(kpis).toBeGreaterThanOrEqual(6); // 7 charts
    const overview = await turnsDuring(async () => expect((await t.request("/", { role: "viewer", headers: { accept: "text/html" } })).status).toBe(200));
    expect(overview).toBeGreaterThanOrEqual(5); // 6 parts
  });
});

describe("parseBatchInSlices", () => {
  type Outcome = { data?: unknown; error?: AppError };
  const both = async (body: unknown): Promise<{ one: Outcome; sliced: Outcome }> => {
    const one = ((): Outcome => {
      try {
        return { data: parseBatch(ticketBatchSchema, body, "batch") };
      } catch (e) {
        return { error: e as AppError };
      }
    })();
    const sliced = await parseBatchInSlices(ticketBatchSchema, "tickets", ticketSchema, maxBatchItems, body, "batch", 7).then(
      (data): Outcome => ({ data }),
      (e: AppError): Outcome => ({ error: e }),
    );
    return { one, sliced };
  };

  it("answers a valid batch as parseBatch does", async () => {
    const { one, sliced } = await both({ tickets: tickets(50) });
    expect(one.data).toBeDefined();
    expect(sliced).toEqual(one);
  });

  it("names the same fields, in the same order, as parseBatch (positions across slices)", async () => {
    const list: unknown[] = tickets(40);
    list[3] = { ...(list[3] as object), priority: "whenever" };
    list[15] = { ...(list[15] as object), opened_at: "yesterday", extra: 1 };
    list[39] = 42;
    const { one, sliced } = await both({ tickets: list });
    expect(one.error).toBeInstanceOf(AppError);
    expect(sliced.error).toBeInstanceOf(AppError);
    expect(sliced.error!.message).toBe(one.error!.message);
    expect(sliced.error!.issues).toEqual(one.error!.issues);
    expect(sliced.error!.issues!.map((i) => i.path.split(".").slice(0, 2).join("."))).toEqual(expect.arrayContaining(["tickets.3", "tickets.15", "tickets.39"]));
  });

  it("refuses unstorable text at the same path as parseBatch", async () => {
    const list = tickets(30);
    list[22] = { ...list[22], summary: "a\u0000b" };
    const { one, sliced } = await both({ tickets: list });
    expect(sliced.error!.issues).toEqual(one.error!.issues);
    expect(sliced.error!.issues![0].path).toBe("tickets.22.summary");
  });

  it("leaves other shapes to parseBatch: an extra key, too many tickets", async () => {
    for (const body of [{ tickets: tickets(20), more: 1 }, { tickets: Array.from({ length: maxBatchItems + 1 }, () => ({})) }]) {
      const { one, sliced } = await both(body);
      expect(sliced.error!.issues).toEqual(one.error!.issues);
    }
  });
});

describe("long works taking turns", () => {
  it("run one piece per turn of the event loop, so that what waits is read between any two pieces", async () => {
    const events: string[] = [];
    let done = false;
    // an immediate of its own marks each turn of the event loop (its check phase)
    const tick = () => {
      if (done) return;
      events.push("turn");
      setImmediate(tick);
    };
    setImmediate(tick);
    const work = async (name: string) => {
      for (let i = 0; i < 5; i++) {
        await yieldToEventLoop();
        events.push(name);
      }
    };
    await Promise.all([work("ingest 1"), work("ingest 2"), work("run")]);
    done = true;
    // with every waiting work's piece in the same check phase, three pieces ran between two turns
    const between: number[] = [];
    let n = 0;
    for (const e of events) {
      if (e === "turn") {
        between.push(n);
        n = 0;
      } else n++;
    }
    between.push(n);
    expect(Math.max(...between)).toBe(1);
    // in the order they asked: each work's pieces alternate with the others'
    expect(events.filter((e) => e !== "turn").slice(0, 6)).toEqual(["ingest 1", "ingest 2", "run", "ingest 1", "ingest 2", "run"]);
    expect(worksWaiting()).toBe(0);
  });
});

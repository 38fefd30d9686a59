// CSV both ways in Chinese: imports read UTF-8 with or without a BOM and GB18030/GBK when declared (the CLI's
// --encoding, ?encoding= or a Content-Type charset), name the line of undecodable bytes, hint at GB18030 when an
// undeclared file reads as it; exports start with a UTF-8 BOM so that Excel opens them as UTF-8.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importTicketsCsv } from "../../server/ingest/csv-import.js";
import { buildTestApp, type TestApp } from "../support/app.js";

/** GB18030's two-byte table, read back from Node's decoder: a test-only encoder for the characters below. */
function gb18030Encoder(): (text: string) => Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder("gb18030", { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      try {
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      } catch {
        // not a character
      }
    }
  }
  return (text) => {
    const bytes: number[] = [];
    for (const ch of text) {
      if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
      else {
        const code = table.get(ch);
        if (!code) throw new Error(`no GB18030 two-byte code for ${ch}`);
        bytes.push(...code);
      }
    }
    return Buffer.from(bytes);
  };
}

const header = "id,kind,service,priority,category,opened_at,resolved_at,summary,assignee,resolution";
const rows = [
  'ENC-2026-001,incident,邮件服务,urgent,system_failure,2026-10-01T08:00:00+08:00,2026-10-01T08:40:00+08:00,"核心系统崩溃，无法登录",王芳,已恢复服务',
  "ENC-2026-002,request,人力资源系统,general,technical,2026-10-02T09:00:00+08:00,2026-10-02T11:00:00+08:00,开通 VPN 账号,李强,已按流程处理完毕",
  'ENC-2026-003,incident,网络与 VPN,important,performance,2026-10-03T10:00:00+08:00,,"网络延迟高，""会议室""掉线",陈静,',
  "ENC-2026-004,request,Email,general,consulting,2026-10-04T10:00:00+08:00,2026-10-04T12:00:00+08:00,Advice on archiving policy,Alice Chen,Answered",
];
const utf8Text = [header, ...rows].join("\r\n") + "\r\n";

let a: TestApp;
let b: TestApp;
let encode: (text: string) => Buffer;
beforeAll(async () => {
  [a, b] = await Promise.all([buildTestApp(), buildTestApp()]);
  encode = gb18030Encoder();
});
afterAll(() => {
  a?.close();
  b?.close();
});

const postCsv = (t: TestApp, body: Buffer, opts: { query?: string; contentType?: string } = {}) =>
  t.request(`/api/v1/tickets${opts.query ?? ""}`, { method: "POST", body: new Uint8Array(body), headers: { "content-type": opts.contentType ?? "text/csv" }, role: "ingest" });

async function storedTickets(t: TestApp) {
  const res = await t.database.client.execute(
    "SELECT t.id, t.kind, s.key AS service, s.name AS service_name, t.priority, t.category, t.summary, t.assignee, t.resolution, t.opened_at, t.resolved_at FROM tickets t JOIN services s ON s.id = t.service_id WHERE t.id LIKE 'ENC-%' ORDER BY t.id",
  );
  return res.rows.map((r) => ({ ...r }));
}

async function clear(t: TestApp) {
  await t.database.client.execute("DELETE FROM tickets WHERE id LIKE 'ENC-%'");
}

describe("CSV import encodings", () => {
  it("a GB18030 file, declared, imports to exactly the tickets of its UTF-8 twin", async () => {
    const gb = encode(utf8Text);
    expect(gb.equals(Buffer.from(utf8Text))).toBe(false);
    const plain = await postCsv(a, Buffer.from(utf8Text));
    expect(plain.status).toBe(200);
    const declared = await postCsv(b, gb, { query: "?encoding=gb18030" });
    expect(declared.status, await declared.clone().text()).toBe(200);
    expect(await declared.json()).toEqual({ received: 4, inserted: 4, updated: 0 });
    const utf8Rows = await storedTickets(a);
    expect(utf8Rows).toHaveLength(4);
    expect(utf8Rows[0].summary).toBe("核心系统崩溃，无法登录");
    expect(utf8Rows[2].summary).toBe('网络延迟高，"会议室"掉线');
    expect(await storedTickets(b)).toEqual(utf8Rows);

    // the charset of the Content-Type declares it too (GBK is read as GB18030, its superset): nothing changes
    const again = await postCsv(b, gb, { contentType: "text/csv; charset=GBK" });
    expect(await again.json()).toEqual({ received: 4, inserted: 0, updated: 0 });
  });

  it("decodes characters split across the chunks of the stream (GB18030 and UTF-8)", async () => {
    const chunks = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
    await clear(b);
    await importTicketsCsv(b.database.db, b.clock.now(), "test", chunks(encode(utf8Text), 3), { encoding: "gb18030" });
    const gbRows = await storedTickets(b);
    await clear(b);
    await importTicketsCsv(b.database.db, b.clock.now(), "test", chunks(Buffer.from("\ufeff" + utf8Text), 5));
    expect(await storedTickets(b)).toEqual(gbRows);
    expect(gbRows).toEqual(await storedTickets(a));
  });

  it("a UTF-8 file with a byte-order mark (as Excel saves \"CSV UTF-8\") imports the same tickets", async () => {
    await clear(b);
    const res = await postCsv(b, Buffer.from("\ufeff" + utf8Text));
    expect(res.status).toBe(200);
    expect(await storedTickets(b)).toEqual(await storedTickets(a));
  });

  it("an undeclared GBK file is refused with its line and column and a hint to declare gb18030; nothing is written", async () => {
    await clear(b);
    const res = await postCsv(b, encode(utf8Text));
    expect(res.status).toBe(415);
    const body = (await res.json()) as { error: string; message: string; issues: { path: string }[] };
    expect(body.error).toBe("unsupported_media_type");
    expect(body.message).toContain("not UTF-8");
    // the first Chinese character of the file: line 2 (the first ticket), column 23 ("ENC-2026-001,incident," is 22)
    expect(body.message).toContain("line 2, column 23");
    expect(body.message).toMatch(/gb18030/i);
    expect(body.issues[0].path).toBe("line.2");
    expect(await storedTickets(b)).toEqual([]);
  });

  it("bytes that are text in neither encoding are refused naming the line", async () => {
    for (const [query, write] of [["", (s: string) => Buffer.from(s)], ["?encoding=gb18030", encode]] as const) {
      const bad = Buffer.concat([write(`${header}\n${rows[0]}\n${rows[1]}\nENC-2026-009,incident,`), Buffer.from([0xff, 0xfe, 0x80]), write(",general,data,2026-10-01T08:00:00Z,,,,\n")]);
      const res = await postCsv(b, bad, { query });
      expect(res.status).toBe(415);
      const body = (await res.json()) as { message: string };
      expect(body.message).toContain("line 4, column 23");
    }
    expect(await storedTickets(b)).toEqual([]);
  });

  it("a U+FFFD the file itself holds is text, not a decoding error", async () => {
    const res = await postCsv(b, Buffer.from(`${header}\nENC-2026-010,incident,mail,general,data,2026-10-01T08:00:00Z,,garbled \ufffd text,,\n`));
    expect(res.status).toBe(200);
    await clear(b);
  });

  it("an unknown encoding is refused by name", async () => {
    const res = await postCsv(b, Buffer.from(utf8Text), { query: "?encoding=big5" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('unknown encoding "big5"');
  });
});

describe("CSV exports", () => {
  it("start with a UTF-8 byte-order mark", async () => {
    const { cookie } = await a.session("manager");
    const res = await a.app.request("/kpis/volume.csv", { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv; charset=utf-8");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 4).toString()).not.toBe("\ufeff");
  });
});

describe("the upload form", () => {
  it("offers the encoding, in the reader's language, and the page's script sends it as the Content-Type charset", async () => {
    const { cookie } = await a.session("admin");
    const html = await (await a.app.request("/data", { headers: { cookie, accept: "text/html", "accept-language": "zh-CN" } })).text();
    expect(html).toContain("文件编码");
    expect(html).toContain('<option value="gb18030">GB18030 / GBK（中文版 Excel 导出的 CSV）</option>');
    const script = await (await a.app.request("/assets/app.js")).text();
    expect(script).toContain('"text/csv; charset=" + (encoding ? encoding.value : "utf-8")');
  });
});

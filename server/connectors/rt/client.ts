// Request Tracker 5's REST 2.0 API, only what a sync reads: the ticket search (paged), a ticket, a ticket's history.
// RT answers numbers as strings, unset dates as 1970-01-01, and pages of at most 100 items; the callers get it as sent.

/** A page of a REST 2.0 collection. */
interface Page<T> {
  total?: number | string;
  page: number | string;
  pages?: number | string;
  per_page?: number | string;
  next_page?: string;
  items: T[];
}

/** An RT reference to a record: `{ id: "root", type: "user", _url }`. */
export interface RtRef {
  id: string | number;
  type?: string;
}

export interface RtTicket {
  id: string | number;
  Subject?: string;
  Status: string;
  Priority?: string | number | null;
  Created: string;
  Resolved?: string;
  LastUpdated: string;
  Owner?: RtRef | string;
  Queue?: RtRef | string;
  Requestor?: (RtRef | string)[];
  CustomFields?: { id: string | number; name: string; values: string[] }[];
}

export interface RtTransaction {
  id?: string | number;
  Type: string;
  Field?: string | null;
  OldValue?: string | null;
  NewValue?: string | null;
  Created: string;
  Creator?: RtRef | string;
}

export interface RtSearchHit {
  id: string | number;
  LastUpdated: string;
}

export class RtError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export const rtPageMax = 100;

export class RtClient {
  private readonly base: string;
  constructor(url: string, private readonly token: string, private readonly pageSize = rtPageMax) {
    this.base = `${url.replace(/\/+$/, "")}/REST/2.0`;
  }

  private async get<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    const url = `${this.base}${path}${query ? `?${query}` : ""}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `token ${this.token}`, accept: "application/json" }, signal: AbortSignal.timeout(60_000) });
    } catch (e) {
      throw new RtError(`Request Tracker at ${this.base} cannot be reached: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) {
      const message = (() => {
        try {
          return (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
          return text;
        }
      })();
      throw new RtError(`Request Tracker answered ${res.status} to GET ${path}: ${message.slice(0, 300)}`, res.status);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RtError(`Request Tracker answered GET ${path} with something that is not JSON`);
    }
  }

  /** One page (1-based) of a TicketSQL search, oldest LastUpdated first. */
  async searchPage(ticketSql: string, page: number): Promise<{ hits: RtSearchHit[]; pages: number }> {
    const answer = await this.get<Page<RtSearchHit>>("/tickets", {
      query: ticketSql,
      fields: "LastUpdated",
      per_page: this.pageSize,
      page,
      orderby: "LastUpdated",
      order: "ASC",
    });
    const pages = answer.pages !== undefined ? Number(answer.pages) : answer.next_page ? page + 1 : page;
    return { hits: answer.items, pages };
  }

  ticket(id: string | number): Promise<RtTicket> {
    return this.get<RtTicket>(`/ticket/${encodeURIComponent(String(id))}`);
  }

  /** Every transaction of the ticket, oldest first. */
  async history(id: string | number): Promise<RtTransaction[]> {
    const all: RtTransaction[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.get<Page<RtTransaction>>(`/ticket/${encodeURIComponent(String(id))}/history`, {
        fields: "Type,Field,OldValue,NewValue,Created,Creator",
        per_page: rtPageMax,
        page,
      });
      all.push(...answer.items);
      const pages = answer.pages !== undefined ? Number(answer.pages) : answer.next_page ? page + 1 : page;
      if (page >= pages || answer.items.length === 0) break;
    }
    return all;
  }
}

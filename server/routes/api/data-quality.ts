// GET /api/v1/data-quality: what in the stored tickets would fail REC-COMPLETE and REC-CONSISTENT, with the offending rows.
import { dataQualityQuery, dataQualitySchema } from "../../contract/index.js";
import { contextOf } from "../../context.js";
import { dataQualityOf } from "../../data-quality/data-quality-of.js";
import { endpoint } from "./endpoint.js";

export const dataQualityEndpoints = [
  endpoint(
    {
      method: "get",
      path: "/data-quality",
      summary: "Records that would fail REC-COMPLETE and REC-CONSISTENT: counts, and the offending tickets a page at a time",
      description: "The same tests the audit runs. Scope: a service, a first day (by opened_at, in the organisation's time zone), the tickets one import batch or data change wrote; every part given narrows it. Deleted tickets are left out, as an audit leaves them out.",
      permission: "data.quality",
      query: dataQualityQuery,
      responses: { 200: { description: "the report", json: dataQualitySchema }, 400: { description: "a bad parameter or an unknown service" } },
    },
    async (c, { query }) =>
      c.json(
        await dataQualityOf({
          ctx: contextOf(c),
          input: { service: query.service, since: query.since, batchId: query.batch, dataChangeId: query.data_change, page: query.page, pageSize: query.page_size },
        }),
      ),
  ),
];

// GET /data (upload, recent batches, services and SLA policies) and /data/batches (the batches partial).
import { Hono } from "hono";
import { BatchesTable, DataPage } from "../../../../views/data.js";
import { currentPrincipal, requires } from "../../../auth/sessions.js";
import type { AppEnv } from "../../../deps.js";
import { presetNames } from "../../../ingest/presets/index.js";
import { policyVersions, recentBatches, servicesList } from "./queries.js";
import { qualityPages } from "./quality.js";
import { html } from "../render.js";

/** the contract's own columns first: the plain upload stays the default */
const uploadFormats = ["assay", ...presetNames.filter((n) => n !== "assay")];

export function dataPages() {
  const app = new Hono<AppEnv>();
  // a reading page: the machine role `ingest` only writes (through the API); the upload shows to readers who may also ingest
  app.get("/data", requires("read"), async (c) => {
    const db = c.get("deps").database.db;
    const [batches, serviceRows, policies] = await Promise.all([recentBatches(db), servicesList(db), policyVersions(db)]);
    return html(c, () => <DataPage principal={currentPrincipal(c)} batches={batches} services={serviceRows} policies={policies} formats={uploadFormats} />);
  });
  app.get("/data/batches", requires("read"), async (c) => {
    const batches = await recentBatches(c.get("deps").database.db);
    return html(c, () => <BatchesTable batches={batches} />);
  });
  app.route("/", qualityPages());
  return app;
}

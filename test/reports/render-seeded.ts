// Run as a separate process by the determinism test: seeds the standard run in a fresh database
// and prints the SHA-256 of its report.
import { renderReportBytes, sha256Hex } from "../../reports/store.js";
import { buildTestApp } from "../support/app.js";
import { seedCompletedRun } from "./seed.js";

const t = await buildTestApp();
try {
  const seeded = await seedCompletedRun(t.database, { evidence: Number(process.argv[2] ?? "60") });
  console.log(sha256Hex(await renderReportBytes(t.database.db, seeded.runId)));
} finally {
  t.close();
}

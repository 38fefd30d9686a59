// Loads the demo data set into an empty database (npm start). Filled in by the demo-data work.
import type { Clock } from "../clock.js";
import type { Database } from "../db/client.js";

export async function loadDemoIfEmpty(_database: Database, _clock: Clock, log: (line: string) => void) {
  log("demo data: not yet available");
}

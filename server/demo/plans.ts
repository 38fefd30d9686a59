// PLACEHOLDER (owned by the audit-engine work, which replaces this file): demo audit plans with a year of history.
import type { Clock } from "../clock.js";
import type { Database } from "../db/client.js";

export async function loadDemoPlans(_database: Database, _clock: Clock): Promise<void> {}

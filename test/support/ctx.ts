// A domain verb's context in tests: the test database, an instant and who acts (the verbs' `{ ctx, input }`).
import { localDate } from "../../audits/period.js";
import type { Ctx } from "../../server/context.js";
import type { Db } from "../../server/db/client.js";
import type { Role } from "../../server/db/schema.js";
import { logger } from "../../server/log.js";

export function testCtx(db: Db, now: number, actor = "test", opts: { role?: Role; timezone?: string; today?: string; displayName?: string } = {}): Ctx {
  const timezone = opts.timezone ?? "UTC";
  return {
    db,
    now,
    actor: { name: actor, role: opts.role ?? "admin", kind: "user", displayName: opts.displayName },
    timezone,
    today: opts.today ?? localDate(now, timezone),
    locale: "en",
    log: logger,
  };
}

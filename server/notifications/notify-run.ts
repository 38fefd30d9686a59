// One pass of the notification work, as `assay notify --now` and the scheduler run it: the time-based scan,
// the daily digests, then every due delivery.
import { localDate } from "../../audits/period.js";
import { collectDigests } from "./daily-digest.js";
import { scanTimeBasedEvents } from "./periodic-scan.js";
import { resetLinkTtlMs } from "../auth/password-reset.js";
import { deliverDue, expireResetLinks, type DeliverOptions, type DeliverResult, type NotifyDeps } from "./worker.js";

export interface NotifyPass extends DeliverResult {
  enqueued: number;
  digests: number;
}

export async function runNotifications(deps: NotifyDeps & { timezone: string }, opts: DeliverOptions = {}): Promise<NotifyPass> {
  const now = deps.clock.now();
  const enqueued = await scanTimeBasedEvents(deps.database.db, now, localDate(now, deps.timezone));
  const digests = await collectDigests(deps.database.db, now, deps.timezone, deps.config.digestHour);
  await expireResetLinks(deps.database, now, resetLinkTtlMs);
  const delivered = await deliverDue(deps, opts);
  return { enqueued, digests, ...delivered };
}

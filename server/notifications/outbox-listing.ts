// The outbox as the admin page shows it: newest first, optionally one status, with the channel's name.
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../db/client.js";
import { notificationChannels, notificationStatuses, notifications } from "../db/schema.js";

export const outboxFilterSchema = z.object({ status: z.enum(notificationStatuses).optional().catch(undefined) });

export async function listOutbox(db: DbOrTx, filter: z.infer<typeof outboxFilterSchema>, limit = 200) {
  return db
    .select({
      id: notifications.id,
      event: notifications.event,
      channel: notifications.channel,
      address: notifications.address,
      channelName: notificationChannels.name,
      status: notifications.status,
      delivery: notifications.delivery,
      digestId: notifications.digestId,
      attempts: notifications.attempts,
      nextAttemptAt: notifications.nextAttemptAt,
      lastError: notifications.lastError,
      sentAt: notifications.sentAt,
    })
    .from(notifications)
    .leftJoin(notificationChannels, eq(notificationChannels.id, notifications.channelId))
    .where(filter.status ? eq(notifications.status, filter.status) : undefined)
    .orderBy(desc(notifications.id))
    .limit(limit);
}

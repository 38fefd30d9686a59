// Daily digests: once a day, from ASSAY_DIGEST_HOUR in the organisation's zone, each user's notifications kept for
// the digest become one e-mail. The digest row and the "carried by" marks on its items are written in one
// transaction, and the digest's dedupe key (user and date) makes a second worker's attempt that day a no-op.
import { and, asc, eq, inArray, isNotNull, lte } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "../db/client.js";
import { notifications } from "../db/schema.js";

export async function collectDigests(db: Db, now: number, timezone: string, digestHour: number): Promise<number> {
  const local = DateTime.fromMillis(now, { zone: timezone });
  if (local.hour < digestHour) return 0;
  const date = local.toISODate()!;
  const waiting = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.delivery, "daily_digest"), eq(notifications.status, "pending"), isNotNull(notifications.userId), lte(notifications.createdAt, now)))
    .orderBy(asc(notifications.id));
  const byUser = new Map<number, typeof waiting>();
  for (const row of waiting) byUser.set(row.userId!, [...(byUser.get(row.userId!) ?? []), row]);
  let made = 0;
  for (const [userId, rows] of byUser) {
    made += await db.transaction(async (tx) => {
      const [digest] = await tx
        .insert(notifications)
        .values({
          event: "digest",
          dedupeKey: `digest:${date}|user:${userId}`,
          channel: "email",
          userId,
          address: rows[0].address,
          payload: { date, path: "/", items: rows.map((r) => ({ event: r.event, payload: r.payload })) },
          nextAttemptAt: now,
          createdAt: now,
        })
        .onConflictDoNothing({ target: notifications.dedupeKey })
        .returning({ id: notifications.id });
      // today's digest already went: these wait for tomorrow's
      if (!digest) return 0;
      await tx
        .update(notifications)
        .set({ status: "sent", sentAt: now, digestId: digest.id })
        .where(and(inArray(notifications.id, rows.map((r) => r.id)), eq(notifications.status, "pending")));
      return 1;
    });
  }
  return made;
}

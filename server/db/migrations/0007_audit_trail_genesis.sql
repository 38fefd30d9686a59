-- The audit trail's genesis entry (server/audit-trail.ts, genesisEntry): a fixed first link that every chain starts
-- from, so that a trail emptied or cut at its start no longer verifies as intact. Its hash is
-- sha256(JSON.stringify([64 zeros, 0, "assay", "audit_trail.genesis", "audit_trail", null, null, null])).
-- A new database gets it as entry 1; a trail that already has entries gets it just before its first one.
INSERT INTO `audit_trail` (`id`, `at`, `actor`, `action`, `entity`, `entity_id`, `before`, `after`, `prev_hash`, `hash`)
SELECT coalesce(min(`id`), 2) - 1, 0, 'assay', 'audit_trail.genesis', 'audit_trail', NULL, NULL, NULL,
  '0000000000000000000000000000000000000000000000000000000000000000',
  '6f2ba16aacf4df26c0cc17d2d032ea92c4e69674b5cf38d667385e892149f99b'
FROM `audit_trail`;

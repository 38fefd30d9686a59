-- run_evidence becomes a WITHOUT ROWID table: its rows live in the primary-key b-tree itself, so a run's evidence
-- (hundreds of thousands of ids over a million tickets) is written once instead of into a table and an index.
-- drizzle's schema has no WITHOUT ROWID option; the columns and the key stay exactly as server/db/schema.ts says.
CREATE TABLE `run_evidence_new` (
	`run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`run_id`, `rule_id`, `record_id`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `run_evidence_new` (`run_id`, `rule_id`, `record_id`) SELECT `run_id`, `rule_id`, `record_id` FROM `run_evidence` ORDER BY 1, 2, 3;--> statement-breakpoint
DROP TABLE `run_evidence`;--> statement-breakpoint
ALTER TABLE `run_evidence_new` RENAME TO `run_evidence`;

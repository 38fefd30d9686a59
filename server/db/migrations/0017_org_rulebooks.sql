CREATE TABLE `rulebook_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rulebook_id` text NOT NULL,
	`version` text NOT NULL,
	`title` text NOT NULL,
	`source` text NOT NULL,
	`definition` text NOT NULL,
	`sha256` text NOT NULL,
	`imported_by` text NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rulebook_versions_id_version_idx` ON `rulebook_versions` (`rulebook_id`,`version`);--> statement-breakpoint
ALTER TABLE `plans` ADD `rulebook_version` text;
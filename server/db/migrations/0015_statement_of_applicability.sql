CREATE TABLE `plan_clause_justifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`clause` text NOT NULL,
	`justification` text,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_clause_justifications_plan_idx` ON `plan_clause_justifications` (`plan_id`,`clause`,`id`);
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
CREATE INDEX `plan_clause_justifications_plan_idx` ON `plan_clause_justifications` (`plan_id`,`clause`,`id`);--> statement-breakpoint
ALTER TABLE `activities` ADD `participants` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `auditor` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `area` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `area_owner` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `inputs` text;--> statement-breakpoint
ALTER TABLE `activities` ADD `major` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `participants` text;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `auditor` text;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `area` text;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `area_owner` text;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `inputs` text;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `major` integer DEFAULT false NOT NULL;
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
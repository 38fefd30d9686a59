CREATE TABLE `activity_history` (
	`activity_id` text NOT NULL,
	`revision` integer NOT NULL,
	`superseded_by` integer NOT NULL,
	`type` text NOT NULL,
	`date` text NOT NULL,
	`at` integer NOT NULL,
	`service_id` integer,
	`title` text,
	`outcome` text,
	`score` real,
	`ticket_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`activity_id`, `revision`)
);
--> statement-breakpoint
CREATE TABLE `data_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`kind` text NOT NULL,
	`batch_id` integer,
	`source` text,
	`reason` text
);
--> statement-breakpoint
CREATE TABLE `metric_history` (
	`sample_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`superseded_by` integer NOT NULL,
	`metric` text NOT NULL,
	`service_id` integer NOT NULL,
	`at` integer NOT NULL,
	`value` real NOT NULL,
	`unit` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`sample_id`, `revision`)
);
--> statement-breakpoint
CREATE TABLE `ticket_history` (
	`ticket_id` text NOT NULL,
	`revision` integer NOT NULL,
	`superseded_by` integer NOT NULL,
	`changed` text,
	`kind` text NOT NULL,
	`service_id` integer NOT NULL,
	`priority` text,
	`complex` integer NOT NULL,
	`category` text,
	`summary` text,
	`assignee` text,
	`resolution` text,
	`channel` text,
	`opened_at` integer NOT NULL,
	`first_response_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`on_hold_minutes` real,
	`satisfaction` integer,
	`response_minutes` real,
	`resolution_minutes` real,
	`closure_minutes` real,
	`response_target` real,
	`resolution_target` real,
	`closure_target` real,
	`policy_id` integer,
	`content_hash` integer NOT NULL,
	`deleted_at` integer,
	`delete_reason` text,
	`ingested_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `revision`)
);
--> statement-breakpoint
CREATE INDEX `ticket_history_superseded_idx` ON `ticket_history` (`superseded_by`);--> statement-breakpoint
ALTER TABLE `activities` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `metric_samples` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `state_revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `data_revision` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `provisional` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `as_of` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `evaluated_at` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `state_revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `signoffs` ADD `voided_at` integer;--> statement-breakpoint
ALTER TABLE `signoffs` ADD `voided_by` text;--> statement-breakpoint
ALTER TABLE `signoffs` ADD `void_reason` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `waivers` ADD `valid_from` text;
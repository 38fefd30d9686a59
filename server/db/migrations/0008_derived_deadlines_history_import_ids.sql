CREATE TABLE `import_ids` (
	`import_key` text NOT NULL,
	`id` text NOT NULL,
	`pos` integer NOT NULL,
	PRIMARY KEY(`import_key`, `id`)
);
--> statement-breakpoint
ALTER TABLE `activities` ADD `date_only` integer;--> statement-breakpoint
ALTER TABLE `activity_history` ADD `date_only` integer;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `response_deadline` integer;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `resolution_deadline` integer;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `closure_deadline` integer;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `record_complete` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `response_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `resolution_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `closure_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `record_complete` integer;
ALTER TABLE `activities` ADD `date_only` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `response_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `resolution_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `closure_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `record_complete` integer;
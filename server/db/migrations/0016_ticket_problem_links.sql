ALTER TABLE `ticket_history` ADD `problem_id` text;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `root_cause` text;--> statement-breakpoint
ALTER TABLE `ticket_history` ADD `major_incident` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `problem_id` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `root_cause` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `major_incident` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_problem_idx` ON `tickets` (`problem_id`) WHERE problem_id IS NOT NULL;
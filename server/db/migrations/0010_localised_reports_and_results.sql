ALTER TABLE `plans` ADD `report_locale` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `locale` text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE `run_results` ADD `message_args` text;
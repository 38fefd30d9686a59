CREATE TABLE `actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`finding_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`owner` text,
	`due_date` text,
	`status` text NOT NULL,
	`completed_at` integer,
	`verified_at` integer,
	`verified_run_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`finding_id`) REFERENCES `findings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `actions_finding_idx` ON `actions` (`finding_id`);--> statement-breakpoint
CREATE INDEX `actions_due_idx` ON `actions` (`due_date`);--> statement-breakpoint
CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`date` text NOT NULL,
	`at` integer NOT NULL,
	`service_id` integer,
	`title` text,
	`outcome` text,
	`score` real,
	`ticket_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `activities_type_at_idx` ON `activities` (`type`,`at`);--> statement-breakpoint
CREATE INDEX `activities_ticket_idx` ON `activities` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`content` blob NOT NULL,
	`uploaded_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `audit_trail` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_trail_entity_idx` ON `audit_trail` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_trail_at_idx` ON `audit_trail` (`at`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`severity` text NOT NULL,
	`grade` text NOT NULL,
	`status` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`first_run_id` integer NOT NULL,
	`last_run_id` integer NOT NULL,
	`recurrence` integer DEFAULT 1 NOT NULL,
	`evidence_count` integer DEFAULT 0 NOT NULL,
	`evidence_ids` text NOT NULL,
	`resolved_run_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_plan_rule_idx` ON `findings` (`plan_id`,`rule_id`,`status`);--> statement-breakpoint
CREATE TABLE `ingest_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`source` text NOT NULL,
	`status` text NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`inserted` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`error` text,
	`actor` text,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`address` text NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_email_idx` ON `login_attempts` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_address_idx` ON `login_attempts` (`address`,`at`);--> statement-breakpoint
CREATE TABLE `manual_answers` (
	`run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`answer` text NOT NULL,
	`note` text,
	`answered_by` text NOT NULL,
	`answered_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `rule_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `metric_samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`metric` text NOT NULL,
	`service_id` integer DEFAULT 0 NOT NULL,
	`at` integer NOT NULL,
	`value` real NOT NULL,
	`unit` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `metric_samples_key` ON `metric_samples` (`metric`,`service_id`,`at`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`rulebook` text NOT NULL,
	`rules` text,
	`thresholds` text NOT NULL,
	`services` text,
	`period` text NOT NULL,
	`schedule` text,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`owner` text,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`version` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`pdf` blob NOT NULL,
	`signoff_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_run_version_idx` ON `reports` (`run_id`,`version`);--> statement-breakpoint
CREATE TABLE `run_evidence` (
	`run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`run_id`, `rule_id`, `record_id`)
);
--> statement-breakpoint
CREATE TABLE `run_results` (
	`run_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`status` text NOT NULL,
	`raw_status` text NOT NULL,
	`value` real,
	`threshold` real,
	`population` integer NOT NULL,
	`small_population` integer DEFAULT false NOT NULL,
	`evidence_count` integer NOT NULL,
	`evidence_ids` text NOT NULL,
	`message` text NOT NULL,
	`next_due` text,
	`details` text,
	PRIMARY KEY(`run_id`, `rule_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`status` text NOT NULL,
	`trigger` text NOT NULL,
	`scheduled_for` integer,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`timezone` text NOT NULL,
	`plan_snapshot` text NOT NULL,
	`rulebook_version` text NOT NULL,
	`policy_versions` text,
	`data_hash` text,
	`score` real,
	`score_raw` real,
	`error` text,
	`started_by` text NOT NULL,
	`worker` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `runs_plan_idx` ON `runs` (`plan_id`,`id`);--> statement-breakpoint
CREATE INDEX `runs_status_idx` ON `runs` (`status`);--> statement-breakpoint
CREATE TABLE `schedule_claims` (
	`plan_id` integer NOT NULL,
	`scheduled_for` integer NOT NULL,
	`worker` text NOT NULL,
	`run_id` integer,
	`claimed_at` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `scheduled_for`)
);
--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_key_unique` ON `services` (`key`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signoffs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`name` text NOT NULL,
	`user_id` integer,
	`comment` text,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sla_policies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer,
	`name` text NOT NULL,
	`version` integer NOT NULL,
	`effective_from` integer NOT NULL,
	`effective_to` integer,
	`calendar` text NOT NULL,
	`targets` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_policies_service_idx` ON `sla_policies` (`service_id`,`effective_from`);--> statement-breakpoint
CREATE TABLE `ticket_daily_flow` (
	`day` text NOT NULL,
	`service_id` integer NOT NULL,
	`kind` text NOT NULL,
	`priority` text NOT NULL,
	`opened` integer NOT NULL,
	`resolved` integer NOT NULL,
	PRIMARY KEY(`day`, `service_id`, `kind`, `priority`)
);
--> statement-breakpoint
CREATE TABLE `ticket_daily_rollup` (
	`day` text NOT NULL,
	`service_id` integer NOT NULL,
	`kind` text NOT NULL,
	`priority` text NOT NULL,
	`category` text NOT NULL,
	`opened` integer NOT NULL,
	`response_met` integer NOT NULL,
	`response_breached` integer NOT NULL,
	`response_missing` integer NOT NULL,
	`resolution_met` integer NOT NULL,
	`resolution_breached` integer NOT NULL,
	`resolution_missing` integer NOT NULL,
	`resolved_count` integer NOT NULL,
	`resolution_minutes_sum` real NOT NULL,
	`response_count` integer NOT NULL,
	`response_minutes_sum` real NOT NULL,
	`rated` integer NOT NULL,
	`satisfied` integer NOT NULL,
	PRIMARY KEY(`day`, `service_id`, `kind`, `priority`, `category`)
);
--> statement-breakpoint
CREATE TABLE `ticket_duration_hist` (
	`month` text NOT NULL,
	`service_id` integer NOT NULL,
	`kind` text NOT NULL,
	`priority` text NOT NULL,
	`measure` text NOT NULL,
	`bucket` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`month`, `service_id`, `kind`, `priority`, `measure`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`service_id` integer NOT NULL,
	`priority` text,
	`complex` integer DEFAULT false NOT NULL,
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
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tickets_opened_idx` ON `tickets` (`opened_at`);--> statement-breakpoint
CREATE INDEX `tickets_service_opened_idx` ON `tickets` (`service_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `tickets_resolved_idx` ON `tickets` (`resolved_at`);--> statement-breakpoint
CREATE INDEX `tickets_deleted_idx` ON `tickets` (`deleted_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `waivers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`reason` text NOT NULL,
	`requested_by` text NOT NULL,
	`approved_by` text,
	`approved_at` integer,
	`status` text NOT NULL,
	`expires_on` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `waivers_plan_rule_idx` ON `waivers` (`plan_id`,`rule_id`);
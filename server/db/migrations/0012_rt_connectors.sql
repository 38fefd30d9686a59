CREATE TABLE `connector_syncs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connector_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`tickets_read` integer DEFAULT 0 NOT NULL,
	`tickets_changed` integer DEFAULT 0 NOT NULL,
	`error` text,
	`actor` text NOT NULL,
	`worker` text,
	FOREIGN KEY (`connector_id`) REFERENCES `connectors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `connector_syncs_connector_idx` ON `connector_syncs` (`connector_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `connectors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`queue` text NOT NULL,
	`service` text,
	`token_env` text,
	`token_encrypted` text,
	`mapping` text NOT NULL,
	`schedule` text DEFAULT '*/15 * * * *' NOT NULL,
	`cursor` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `connectors_name_unique` ON `connectors` (`name`);
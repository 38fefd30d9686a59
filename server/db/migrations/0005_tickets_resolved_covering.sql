DROP INDEX `tickets_resolved_idx`;--> statement-breakpoint
CREATE INDEX `tickets_resolved_idx` ON `tickets` (`resolved_at`,`satisfaction`,`deleted_at`,`service_id`);
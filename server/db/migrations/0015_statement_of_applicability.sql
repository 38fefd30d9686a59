CREATE TABLE `plan_clause_justifications` (
	`plan_id` integer NOT NULL,
	`clause` text NOT NULL,
	`justification` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`plan_id`, `clause`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action
);

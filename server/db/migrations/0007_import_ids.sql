CREATE TABLE `import_ids` (
	`import_key` text NOT NULL,
	`id` text NOT NULL,
	`pos` integer NOT NULL,
	PRIMARY KEY(`import_key`, `id`)
);

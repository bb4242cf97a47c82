CREATE TABLE `plan_overrides` (
	`plan_key` text NOT NULL,
	`task_id` text NOT NULL,
	`fields` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`plan_key`, `task_id`)
);
--> statement-breakpoint
ALTER TABLE `plan_tasks` ADD `proposed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `meta` text;--> statement-breakpoint
ALTER TABLE `plans` ADD `revision` integer DEFAULT 0 NOT NULL;
CREATE TABLE `agencies` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`aliases` text NOT NULL,
	`groups` text NOT NULL,
	`paused_until` text
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`chat_kind` text NOT NULL,
	`display_name` text NOT NULL,
	`agency_code` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`blocked_at` text,
	`snoozed_until` text,
	`paused_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`left_at` text,
	FOREIGN KEY (`agency_code`) REFERENCES `agencies`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_agency` ON `contacts` (`agency_code`);--> statement-breakpoint
CREATE INDEX `contacts_chat` ON `contacts` (`channel`,`chat_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`step` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`channel`, `chat_id`, `user_id`)
);
--> statement-breakpoint
CREATE TABLE `inbound_seen` (
	`channel` text NOT NULL,
	`key` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`channel`, `key`)
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`agency_code` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	`used_by` integer,
	FOREIGN KEY (`agency_code`) REFERENCES `agencies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`used_by`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `plan_sections` (
	`plan_id` integer NOT NULL,
	`section_id` text NOT NULL,
	`position` integer NOT NULL,
	`heading` text NOT NULL,
	`text` text NOT NULL,
	PRIMARY KEY(`plan_id`, `section_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plan_tasks` (
	`plan_id` integer NOT NULL,
	`task_id` text NOT NULL,
	`position` integer NOT NULL,
	`section` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`timeframe` text NOT NULL,
	`recurrence` text,
	`window_start` text,
	`deadlines` text NOT NULL,
	PRIMARY KEY(`plan_id`, `task_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`year` integer NOT NULL,
	`source_name` text NOT NULL,
	`source_text` text NOT NULL,
	`warnings` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `registration_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `registration_failures_chat` ON `registration_failures` (`channel`,`chat_id`,`at`);--> statement-breakpoint
CREATE TABLE `reminder_log` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`agency_code` text NOT NULL,
	`contact_id` integer,
	`task_id` text,
	`period` text,
	`deadline` text,
	`due_at` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reminder_log_state` ON `reminder_log` (`state`,`due_at`);--> statement-breakpoint
CREATE TABLE `report_deadlines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`section` text NOT NULL,
	`date` text NOT NULL,
	`to` text NOT NULL,
	`who` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`agency_code` text NOT NULL,
	`task_id` text NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`results` text NOT NULL,
	`figures` text NOT NULL,
	`difficulties` text NOT NULL,
	`proposals` text NOT NULL,
	`evidence` text NOT NULL,
	`contact_id` integer,
	`channel` text NOT NULL,
	`message_ref` text,
	`reported_at` text NOT NULL,
	`superseded_by` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agency_code`) REFERENCES `agencies`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reports_key` ON `reports` (`plan_id`,`agency_code`,`task_id`,`period`);--> statement-breakpoint
CREATE UNIQUE INDEX `reports_message` ON `reports` (`channel`,`message_ref`);--> statement-breakpoint
CREATE TABLE `responsibilities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`section` text NOT NULL,
	`agency` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `task_agencies` (
	`plan_id` integer NOT NULL,
	`task_id` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`agency_code` text,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_agencies_agency` ON `task_agencies` (`plan_id`,`agency_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `task_agencies_unique` ON `task_agencies` (`plan_id`,`task_id`,`role`,`position`,`agency_code`);
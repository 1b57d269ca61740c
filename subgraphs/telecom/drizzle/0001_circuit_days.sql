ALTER TABLE "circuits" ADD COLUMN "ordered_on" date;--> statement-breakpoint
ALTER TABLE "circuits" ADD COLUMN "provisioning_on" date;--> statement-breakpoint
ALTER TABLE "circuits" ADD COLUMN "active_on" date;--> statement-breakpoint
ALTER TABLE "circuits" ADD COLUMN "decommissioned_on" date;--> statement-breakpoint
-- Circuits recorded before the days were kept keep them null: rules.ts reads a status reached without a
-- day as reached since before the programme, so their status on any day is today's.

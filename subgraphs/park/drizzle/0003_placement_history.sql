DROP INDEX "placements_system_idx";--> statement-breakpoint
ALTER TABLE "placements" ADD COLUMN "until" date;--> statement-breakpoint
CREATE UNIQUE INDEX "placements_current_system_idx" ON "placements" USING btree ("system_id") WHERE "placements"."until" is null;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_until_not_before_since" CHECK ("placements"."until" is null or "placements"."until" >= "placements"."since");--> statement-breakpoint
-- Placements were deleted when removed; from now on removal closes them (`until`), so the park can be read
-- as it stood on any day. Every placement so far is current: `until` stays null.

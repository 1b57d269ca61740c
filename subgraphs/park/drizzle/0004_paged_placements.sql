DROP INDEX "placements_data_center_idx";--> statement-breakpoint
CREATE INDEX "placements_data_center_idx" ON "placements" USING btree ("data_center_id","id");
-- DataCenter.placementsPage reads a page of each data centre's placements in id order straight off this index.

DROP INDEX "contracts_vendor_idx";--> statement-breakpoint
DROP INDEX "migration_tasks_vendor_idx";--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("vendor_id","id");--> statement-breakpoint
CREATE INDEX "migration_tasks_vendor_idx" ON "migration_tasks" USING btree ("vendor_id","id");
-- Vendor.contractsPage and Vendor.migrationTasksPage read a page of each provider's list in id order straight off these indexes.

CREATE TABLE "cloud_service_price_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"cloud_service_id" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" text NOT NULL,
	"price_before_cny" numeric(14, 2) NOT NULL,
	"price_after_cny" numeric(14, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "migration_task_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"task_id" integer NOT NULL,
	"system_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"status" "task_status" NOT NULL,
	"percent_complete" integer NOT NULL,
	"detail" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"reported_by" text NOT NULL,
	"next_update_due" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "signed_on" date;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "activated_on" date;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "ended_on" date;--> statement-breakpoint
ALTER TABLE "cloud_service_price_changes" ADD CONSTRAINT "cloud_service_price_changes_cloud_service_id_cloud_services_id_fk" FOREIGN KEY ("cloud_service_id") REFERENCES "public"."cloud_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_task_reports" ADD CONSTRAINT "migration_task_reports_task_id_migration_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."migration_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_task_reports" ADD CONSTRAINT "migration_task_reports_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cloud_service_price_changes_service_idx" ON "cloud_service_price_changes" USING btree ("cloud_service_id","changed_at");--> statement-breakpoint
CREATE INDEX "migration_task_reports_system_idx" ON "migration_task_reports" USING btree ("system_id","reported_at");--> statement-breakpoint
CREATE INDEX "migration_task_reports_vendor_idx" ON "migration_task_reports" USING btree ("vendor_id");--> statement-breakpoint
-- History only grows: a task report or a price change, once recorded, is never changed or removed.
CREATE FUNCTION vendors_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
--> statement-breakpoint
CREATE TRIGGER migration_task_reports_append_only BEFORE UPDATE OR DELETE ON migration_task_reports FOR EACH ROW EXECUTE FUNCTION vendors_history_append_only();
--> statement-breakpoint
CREATE TRIGGER cloud_service_price_changes_append_only BEFORE UPDATE OR DELETE ON cloud_service_price_changes FOR EACH ROW EXECUTE FUNCTION vendors_history_append_only();
--> statement-breakpoint
-- Contracts recorded before their days were kept (signed_on, activated_on, ended_on all null) keep them
-- null: rules.ts reads null as "before records" (an ACTIVE contract in force from its term's start, an
-- ENDED one through its term's end). Tasks reported before reports were kept stand from their updated_at.

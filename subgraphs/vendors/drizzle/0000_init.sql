CREATE TYPE "public"."contract_status" AS ENUM('SIGNED', 'ACTIVE', 'ENDED');--> statement-breakpoint
CREATE TYPE "public"."service_model" AS ENUM('IAAS', 'PAAS', 'SAAS', 'HOSTING');--> statement-breakpoint
CREATE TYPE "public"."task_status" AS ENUM('NOT_STARTED', 'IN_PROGRESS', 'BLOCKED', 'DONE');--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"issuer" text NOT NULL,
	"valid_until" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cloud_services" (
	"id" text PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"service_model" "service_model" NOT NULL,
	"category" text NOT NULL,
	"unit_of_sale" text NOT NULL,
	"unit_price_cny" numeric(14, 2) NOT NULL,
	"in_procurement_catalogue" boolean DEFAULT false NOT NULL,
	"meets_purchase_standards" boolean DEFAULT false NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contingency_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"vendor_id" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"last_drilled_on" date
);
--> statement-breakpoint
CREATE TABLE "contract_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"contract_id" text NOT NULL,
	"cloud_service_id" text NOT NULL,
	"system_id" text,
	"quantity" numeric(12, 4) NOT NULL,
	"monthly_amount_cny" numeric(14, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"status" "contract_status" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "migration_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"status" "task_status" NOT NULL,
	"percent_complete" integer NOT NULL,
	"detail" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"next_update_due" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_levels" (
	"vendor_id" text PRIMARY KEY NOT NULL,
	"availability_percent" numeric(6, 3) NOT NULL,
	"response_minutes" integer NOT NULL,
	"recovery_hours" integer NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vendors" (
	"id" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"description" text NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloud_services" ADD CONSTRAINT "cloud_services_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contingency_plans" ADD CONSTRAINT "contingency_plans_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_lines" ADD CONSTRAINT "contract_lines_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_lines" ADD CONSTRAINT "contract_lines_cloud_service_id_cloud_services_id_fk" FOREIGN KEY ("cloud_service_id") REFERENCES "public"."cloud_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_tasks" ADD CONSTRAINT "migration_tasks_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_levels" ADD CONSTRAINT "service_levels_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certifications_vendor_idx" ON "certifications" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "cloud_services_vendor_idx" ON "cloud_services" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "contingency_plans_vendor_idx" ON "contingency_plans" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "contract_lines_contract_idx" ON "contract_lines" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "contract_lines_system_idx" ON "contract_lines" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "contracts_unit_idx" ON "contracts" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("vendor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "migration_tasks_system_idx" ON "migration_tasks" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "migration_tasks_vendor_idx" ON "migration_tasks" USING btree ("vendor_id");
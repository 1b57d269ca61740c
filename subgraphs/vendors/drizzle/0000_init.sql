CREATE TYPE "public"."contract_status" AS ENUM('SIGNED', 'ACTIVE', 'ENDED');--> statement-breakpoint
CREATE TYPE "public"."service_model" AS ENUM('IAAS', 'PAAS', 'SAAS', 'HOSTING');--> statement-breakpoint
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
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"status" "contract_status" NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"monthly_amount_cny" numeric(14, 2) NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
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
ALTER TABLE "cloud_services" ADD CONSTRAINT "cloud_services_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_vendor_id_vendors_id_fk" FOREIGN KEY ("vendor_id") REFERENCES "public"."vendors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cloud_services_vendor_idx" ON "cloud_services" USING btree ("vendor_id");--> statement-breakpoint
CREATE INDEX "contracts_unit_idx" ON "contracts" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "contracts_vendor_idx" ON "contracts" USING btree ("vendor_id");
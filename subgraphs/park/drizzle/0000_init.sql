CREATE TYPE "public"."data_center_kind" AS ENUM('TRANSITIONAL_GOVERNMENT_DATA_CENTER', 'GOVERNMENT_CLOUD_PLATFORM', 'PARK_DATA_CENTER');--> statement-breakpoint
CREATE TYPE "public"."data_center_status" AS ENUM('PLANNED', 'OPERATIONAL', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."park_service_kind" AS ENUM('COMMUNICATION_NETWORK', 'POWER_SUPPLY', 'COMPREHENSIVE_SERVICES', 'LIVING_SUPPORT');--> statement-breakpoint
CREATE TABLE "data_centers" (
	"id" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"kind" "data_center_kind" NOT NULL,
	"status" "data_center_status" DEFAULT 'OPERATIONAL' NOT NULL,
	"operator_vendor_id" text,
	"tier" integer NOT NULL,
	"pue" numeric(4, 2) NOT NULL,
	"racks_total" integer NOT NULL,
	"racks_in_other_use" integer DEFAULT 0 NOT NULL,
	"power_capacity_kw" numeric(10, 1) NOT NULL,
	"power_in_other_use_kw" numeric(10, 1) DEFAULT '0' NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "park_services" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" "park_service_kind" NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"provider" text NOT NULL,
	"description" text NOT NULL,
	"unit_of_sale" text NOT NULL,
	"monthly_price_cny" numeric(14, 2) NOT NULL,
	"is_sample" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" text PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"data_center_id" text NOT NULL,
	"racks" integer NOT NULL,
	"power_kw" numeric(10, 1) NOT NULL,
	"monthly_fee_cny" numeric(14, 2) NOT NULL,
	"since" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_data_center_id_data_centers_id_fk" FOREIGN KEY ("data_center_id") REFERENCES "public"."data_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "placements_system_idx" ON "placements" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "placements_data_center_idx" ON "placements" USING btree ("data_center_id");
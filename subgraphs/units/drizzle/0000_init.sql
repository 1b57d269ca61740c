CREATE TYPE "public"."business_type" AS ENUM('GOVERNMENT_SERVICE', 'OFFICE_AUTOMATION', 'DATA_AND_REGISTRY', 'MONITORING', 'PUBLIC_WEBSITE', 'ENTERPRISE_OPERATIONS');--> statement-breakpoint
CREATE TYPE "public"."classification" AS ENUM('NON_CLASSIFIED', 'CLASSIFIED');--> statement-breakpoint
CREATE TYPE "public"."hosting" AS ENUM('OWN_MACHINE_ROOM', 'THIRD_PARTY_HOSTED', 'PARK_DATA_CENTER', 'CLOUD_SERVICE');--> statement-breakpoint
CREATE TYPE "public"."migration_stage" AS ENUM('INVENTORIED', 'ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED');--> statement-breakpoint
CREATE TYPE "public"."ownership_stake" AS ENUM('WHOLLY_OWNED', 'HOLDING', 'MINORITY');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY', 'MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY', 'PUBLIC_INSTITUTION', 'CENTRAL_AGENCY', 'CENTRAL_SOE');--> statement-breakpoint
CREATE TABLE "batches" (
	"number" integer PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_systems" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"classification" "classification" NOT NULL,
	"business_type" "business_type" NOT NULL,
	"hosting" "hosting" NOT NULL,
	"stage" "migration_stage" DEFAULT 'INVENTORIED' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"vendor_id" text,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"notice_name_zh" text,
	"kind" "unit_kind" NOT NULL,
	"ownership_stake" "ownership_stake",
	"parent_id" text,
	"coordinating_unit_id" text NOT NULL,
	"has_administrative_approval" boolean DEFAULT false NOT NULL,
	"systems_already_hosted" boolean DEFAULT false NOT NULL,
	"is_pilot" boolean DEFAULT false NOT NULL,
	"batch_number" integer NOT NULL,
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "information_systems" ADD CONSTRAINT "information_systems_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_batch_number_batches_number_fk" FOREIGN KEY ("batch_number") REFERENCES "public"."batches"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_coordinating_unit_id_units_id_fk" FOREIGN KEY ("coordinating_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "information_systems_unit_idx" ON "information_systems" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "units_coordinating_unit_idx" ON "units" USING btree ("coordinating_unit_id");--> statement-breakpoint
CREATE INDEX "units_batch_idx" ON "units" USING btree ("batch_number");
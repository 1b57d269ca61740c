CREATE TYPE "public"."budget_category" AS ENUM('SERVERS', 'STORAGE', 'DISASTER_RECOVERY_EQUIPMENT', 'MACHINE_ROOM_COOLING', 'BASE_SOFTWARE', 'CLOUD_SERVICES', 'APPLICATION_DEVELOPMENT', 'MIGRATION_SERVICES', 'OPERATIONS_SERVICES', 'COMMUNICATION', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."business_type" AS ENUM('GOVERNMENT_SERVICE', 'OFFICE_AUTOMATION', 'DATA_AND_REGISTRY', 'MONITORING', 'PUBLIC_WEBSITE', 'ENTERPRISE_OPERATIONS');--> statement-breakpoint
CREATE TYPE "public"."classification" AS ENUM('NON_CLASSIFIED', 'CLASSIFIED');--> statement-breakpoint
CREATE TYPE "public"."hosting" AS ENUM('OWN_MACHINE_ROOM', 'THIRD_PARTY_HOSTED', 'PARK_DATA_CENTER', 'CLOUD_SERVICE');--> statement-breakpoint
CREATE TYPE "public"."migration_stage" AS ENUM('INVENTORIED', 'ASSESSED', 'VENDOR_SELECTED', 'PLAN_APPROVED', 'MIGRATING', 'CENTRALISED', 'INTEGRATED');--> statement-breakpoint
CREATE TYPE "public"."ownership_stake" AS ENUM('WHOLLY_OWNED', 'HOLDING', 'MINORITY');--> statement-breakpoint
CREATE TYPE "public"."procurement_method" AS ENUM('PUBLIC_TENDER', 'INVITED_TENDER', 'COMPETITIVE_NEGOTIATION', 'COMPETITIVE_CONSULTATION', 'REQUEST_FOR_QUOTATION', 'SINGLE_SOURCE', 'PROCUREMENT_CATALOGUE');--> statement-breakpoint
CREATE TYPE "public"."readiness" AS ENUM('READY', 'READY_WITH_CONDITIONS', 'NOT_READY');--> statement-breakpoint
CREATE TYPE "public"."service_model" AS ENUM('IAAS', 'PAAS', 'SAAS', 'HOSTING');--> statement-breakpoint
CREATE TYPE "public"."strategy" AS ENUM('REHOST', 'REPLATFORM', 'REFACTOR', 'REPURCHASE', 'RETIRE', 'RETAIN');--> statement-breakpoint
CREATE TYPE "public"."unit_kind" AS ENUM('MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY', 'MUNICIPAL_SOE_GROUP', 'SOE_SUBSIDIARY', 'PUBLIC_INSTITUTION', 'CENTRAL_AGENCY', 'CENTRAL_SOE');--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"readiness" "readiness" NOT NULL,
	"strategy" "strategy" NOT NULL,
	"recommended_service_model" "service_model" NOT NULL,
	"blockers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batches" (
	"number" integer PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL,
	"window_start" date NOT NULL,
	"window_end" date NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budget_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"year" integer NOT NULL,
	"category" "budget_category" NOT NULL,
	"description" text NOT NULL,
	"amount_cny" numeric(14, 2) NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_decisions" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"approved" boolean NOT NULL,
	"note" text,
	"decided_at" timestamp with time zone NOT NULL,
	"decided_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"reason" text NOT NULL,
	"new_due_date" date NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL
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
	"is_sample" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "liaisons" (
	"id" text PRIMARY KEY NOT NULL,
	"role_en" text NOT NULL,
	"role_zh" text NOT NULL,
	"organisation_en" text NOT NULL,
	"organisation_zh" text NOT NULL,
	"unit_id" text,
	"vendor_id" text,
	"responsibility" text NOT NULL,
	"contact" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "migration_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"destination_data_center_id" text NOT NULL,
	"written_with_vendor_id" text NOT NULL,
	"planned_start" date NOT NULL,
	"planned_cutover" date NOT NULL,
	"contingency_plan" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stage_transitions" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"from_stage" "migration_stage",
	"to_stage" "migration_stage" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "system_dependencies" (
	"system_id" text NOT NULL,
	"depends_on_id" text NOT NULL,
	CONSTRAINT "system_dependencies_system_id_depends_on_id_pk" PRIMARY KEY("system_id","depends_on_id")
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
CREATE TABLE "vendor_selections" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"vendor_id" text NOT NULL,
	"cloud_service_ids" text[] NOT NULL,
	"procurement_method" "procurement_method" NOT NULL,
	"procurement_reference" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_decisions" ADD CONSTRAINT "extension_decisions_request_id_extension_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."extension_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_systems" ADD CONSTRAINT "information_systems_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "liaisons" ADD CONSTRAINT "liaisons_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_plans" ADD CONSTRAINT "migration_plans_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stage_transitions" ADD CONSTRAINT "stage_transitions_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_depends_on_id_information_systems_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_batch_number_batches_number_fk" FOREIGN KEY ("batch_number") REFERENCES "public"."batches"("number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_units_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_coordinating_unit_id_units_id_fk" FOREIGN KEY ("coordinating_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_selections" ADD CONSTRAINT "vendor_selections_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_system_idx" ON "assessments" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "budget_lines_unit_year_idx" ON "budget_lines" USING btree ("unit_id","year");--> statement-breakpoint
CREATE INDEX "extension_requests_unit_idx" ON "extension_requests" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "information_systems_unit_idx" ON "information_systems" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "migration_plans_system_idx" ON "migration_plans" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "stage_transitions_system_at_idx" ON "stage_transitions" USING btree ("system_id","at");--> statement-breakpoint
CREATE INDEX "system_dependencies_depends_on_idx" ON "system_dependencies" USING btree ("depends_on_id");--> statement-breakpoint
CREATE INDEX "units_coordinating_unit_idx" ON "units" USING btree ("coordinating_unit_id");--> statement-breakpoint
CREATE INDEX "units_batch_idx" ON "units" USING btree ("batch_number");--> statement-breakpoint
CREATE INDEX "vendor_selections_system_idx" ON "vendor_selections" USING btree ("system_id");
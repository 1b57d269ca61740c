CREATE TYPE "public"."circuit_status" AS ENUM('PLANNED', 'PROVISIONING', 'ACTIVE', 'DECOMMISSIONED');--> statement-breakpoint
CREATE TABLE "carriers" (
	"id" text PRIMARY KEY NOT NULL,
	"name_en" text NOT NULL,
	"name_zh" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "circuits" (
	"id" text PRIMARY KEY NOT NULL,
	"unit_id" text NOT NULL,
	"data_center_id" text NOT NULL,
	"tariff_id" text NOT NULL,
	"bandwidth_mbps" integer NOT NULL,
	"status" "circuit_status" NOT NULL,
	"is_sample" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_of_presence" (
	"carrier_id" text NOT NULL,
	"data_center_id" text NOT NULL,
	CONSTRAINT "points_of_presence_data_center_id_carrier_id_pk" PRIMARY KEY("data_center_id","carrier_id")
);
--> statement-breakpoint
CREATE TABLE "tariffs" (
	"id" text PRIMARY KEY NOT NULL,
	"carrier_id" text NOT NULL,
	"product" text NOT NULL,
	"bandwidth_mbps" integer NOT NULL,
	"standard_monthly_price_cny" numeric(14, 2) NOT NULL,
	"preferential_monthly_price_cny" numeric(14, 2),
	"one_time_charge_cny" numeric(14, 2) DEFAULT '0' NOT NULL,
	"commitment_months" integer DEFAULT 0 NOT NULL,
	"eligible_unit_kinds" text[] DEFAULT '{}' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"is_sample" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
ALTER TABLE "circuits" ADD CONSTRAINT "circuits_tariff_id_tariffs_id_fk" FOREIGN KEY ("tariff_id") REFERENCES "public"."tariffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_of_presence" ADD CONSTRAINT "points_of_presence_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tariffs" ADD CONSTRAINT "tariffs_carrier_id_carriers_id_fk" FOREIGN KEY ("carrier_id") REFERENCES "public"."carriers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "circuits_unit_idx" ON "circuits" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "tariffs_carrier_idx" ON "tariffs" USING btree ("carrier_id");
CREATE TABLE "corrections" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" text,
	"system_id" text,
	"field" text NOT NULL,
	"before" text,
	"after" text,
	"reason" text NOT NULL,
	"derived" boolean DEFAULT false NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "corrections_one_subject" CHECK (("corrections"."unit_id" is null) <> ("corrections"."system_id" is null))
);
--> statement-breakpoint
CREATE TABLE "extension_withdrawals" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL,
	"withdrawn_by" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reclassification_decisions" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"approved" boolean NOT NULL,
	"note" text,
	"decided_at" timestamp with time zone NOT NULL,
	"decided_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reclassification_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"system_id" text NOT NULL,
	"from_classification" "classification" NOT NULL,
	"to_classification" "classification" NOT NULL,
	"reason" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_withdrawals" ADD CONSTRAINT "extension_withdrawals_request_id_extension_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."extension_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclassification_decisions" ADD CONSTRAINT "reclassification_decisions_request_id_reclassification_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."reclassification_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reclassification_requests" ADD CONSTRAINT "reclassification_requests_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "corrections_unit_idx" ON "corrections" USING btree ("unit_id","at");--> statement-breakpoint
CREATE INDEX "corrections_system_idx" ON "corrections" USING btree ("system_id","field","at");--> statement-breakpoint
CREATE INDEX "reclassification_requests_system_idx" ON "reclassification_requests" USING btree ("system_id");--> statement-breakpoint
-- The history of corrections, withdrawals and reclassifications only grows, as the kit's audit log does
-- (kit/drizzle/0001): an update, a delete or a truncation is refused, whoever attempts it.
CREATE FUNCTION units_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;
--> statement-breakpoint
CREATE TRIGGER corrections_append_only BEFORE UPDATE OR DELETE ON corrections FOR EACH ROW EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections FOR EACH STATEMENT EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER extension_withdrawals_append_only BEFORE UPDATE OR DELETE ON extension_withdrawals FOR EACH ROW EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER extension_withdrawals_no_truncate BEFORE TRUNCATE ON extension_withdrawals FOR EACH STATEMENT EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER reclassification_requests_append_only BEFORE UPDATE OR DELETE ON reclassification_requests FOR EACH ROW EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER reclassification_requests_no_truncate BEFORE TRUNCATE ON reclassification_requests FOR EACH STATEMENT EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER reclassification_decisions_append_only BEFORE UPDATE OR DELETE ON reclassification_decisions FOR EACH ROW EXECUTE FUNCTION units_history_append_only();
--> statement-breakpoint
CREATE TRIGGER reclassification_decisions_no_truncate BEFORE TRUNCATE ON reclassification_decisions FOR EACH STATEMENT EXECUTE FUNCTION units_history_append_only();

CREATE TABLE "event_outbox" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"unit_id" text,
	"system_id" text,
	"vendor_id" text,
	"carrier_id" text,
	"roles" text[] NOT NULL,
	"summary" text NOT NULL,
	"data" jsonb NOT NULL,
	"request_id" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_sequence" (
	"id" smallint PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "event_outbox_unpublished" ON "event_outbox" USING btree ("seq") WHERE published_at is null;--> statement-breakpoint
-- The one row of the sequence: a database migrated before the outbox starts its log at 1.
INSERT INTO "event_sequence" ("id", "last_seq") VALUES (1, 0);

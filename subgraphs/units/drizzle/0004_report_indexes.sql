DROP INDEX "stage_transitions_system_at_idx";--> statement-breakpoint
CREATE INDEX "corrections_classification_idx" ON "corrections" USING btree ("system_id","at","id") WHERE "corrections"."field" = 'CLASSIFICATION';--> statement-breakpoint
CREATE INDEX "stage_transitions_system_history_idx" ON "stage_transitions" USING btree ("system_id","at","id","to_stage");
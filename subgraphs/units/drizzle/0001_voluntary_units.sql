ALTER TABLE "units" ADD COLUMN "voluntary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- §1: central agencies and central SOEs, and every unit below one of them along the parent chain, are only
-- encouraged to migrate: scheduled with batch 3, no due date (src/domain/rules.ts: derivedVoluntary, derivedBatch).
WITH RECURSIVE "encouraged"("id") AS (
  SELECT "id" FROM "units" WHERE "kind" IN ('CENTRAL_AGENCY', 'CENTRAL_SOE')
  UNION
  SELECT "c"."id" FROM "units" "c" JOIN "encouraged" ON "c"."parent_id" = "encouraged"."id"
)
UPDATE "units" SET "voluntary" = true, "batch_number" = 3 WHERE "id" IN (SELECT "id" FROM "encouraged");--> statement-breakpoint
-- §6.2: a municipal SOE group under a parent (a municipal department, say) answers to its parent's
-- coordinator, not to the SASAC; the units below it that took its coordinator follow it
-- (src/domain/rules.ts: derivedCoordinator). The seed holds no such group: this corrects units registered before.
WITH RECURSIVE "moved"("id", "coordinator") AS (
  SELECT "g"."id", "p"."coordinating_unit_id" FROM "units" "g" JOIN "units" "p" ON "p"."id" = "g"."parent_id"
  WHERE "g"."kind" = 'MUNICIPAL_SOE_GROUP' AND "g"."coordinating_unit_id" <> "p"."coordinating_unit_id"
  UNION
  SELECT "c"."id", "moved"."coordinator" FROM "units" "c" JOIN "moved" ON "c"."parent_id" = "moved"."id"
  WHERE "c"."kind" NOT IN ('MUNICIPAL_DEPARTMENT', 'DISTRICT', 'COUNTY', 'AUTONOMOUS_COUNTY')
)
UPDATE "units" "u" SET "coordinating_unit_id" = "moved"."coordinator" FROM "moved" WHERE "u"."id" = "moved"."id";

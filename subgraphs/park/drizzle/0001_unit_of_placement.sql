ALTER TABLE "placements" ADD COLUMN "unit_id" text;--> statement-breakpoint
CREATE INDEX "placements_unit_idx" ON "placements" USING btree ("unit_id");--> statement-breakpoint
-- The placements the seed made before the park recorded a placement's unit: the seed names their units
-- (src/seed/index.ts). Any other placement made before keeps no unit: only the roles that see every
-- placement, and the operator of its data centre, see it.
UPDATE "placements" SET "unit_id" = substring("system_id" from '^(.+)-system-[0-9]+$')
WHERE "id" = regexp_replace("system_id", '^(.+)-system-([1-3])$', 'placement-\1-\2')
  AND substring("system_id" from '^(.+)-system-[0-9]+$') IN (
    'general-office', 'economic-information-commission', 'human-resources-social-security-bureau', 'tourism-bureau',
    'liangjiang-new-area', 'nanan-district', 'banan-district', 'liangping-county',
    'information-industry-investment-promotion-centre', 'energy-utilisation-monitoring-centre', 'rural-commercial-bank',
    'pharmaceutical-exchange', 'sample-yuzhong-approval-centre'
  );

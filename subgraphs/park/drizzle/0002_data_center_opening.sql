ALTER TABLE "data_centers" ADD COLUMN "opens_on" date;--> statement-breakpoint
-- §4: until the Government Cloud Platform opens, government departments' systems go to the transitional
-- government data centre first. The notice gives no opening date: 2016-01-01 is a sample date, as in the
-- seed (src/seed/index.ts). Every other data centre has been open since before the programme (null).
UPDATE "data_centers" SET "opens_on" = '2016-01-01' WHERE "id" = 'government-cloud-platform';

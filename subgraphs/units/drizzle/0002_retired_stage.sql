-- RETIRED: an end state for a system switched off as its latest assessment said (strategy RETIRE); never
-- overdue, no due date (src/domain/rules.ts: ENDED_STAGES). drizzle's migrator runs every pending migration
-- in one transaction, and PostgreSQL (12 and later, PGlite too) accepts ADD VALUE inside one but refuses
-- to use the new value before that transaction commits: so it stands alone, and no migration uses it.
ALTER TYPE "public"."migration_stage" ADD VALUE 'RETIRED';

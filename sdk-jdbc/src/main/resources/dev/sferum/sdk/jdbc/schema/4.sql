-- sferum-java-sdk JDBC stores, schema version 4 (PostgreSQL): a lesson keeps how many tries of its step in progress
-- failed and how many of its call starts had an unknown outcome, so a restarted LessonScheduler goes on with the same
-- count and back-off. Rows written before read as 0. Applied after 3.sql, in the same transaction and under the same
-- advisory lock; idempotent, so a database where it was applied by hand (or half-applied) upgrades cleanly.

ALTER TABLE ${p}lesson ADD COLUMN IF NOT EXISTS step_failures INT NOT NULL DEFAULT 0;
ALTER TABLE ${p}lesson ADD COLUMN IF NOT EXISTS unknown_starts INT NOT NULL DEFAULT 0;

-- sferum-java-sdk JDBC stores, schema version 3 (PostgreSQL): the outbox keeps refused messages, with the reason,
-- out of the pending set. Applied after 2.sql, in the same transaction and under the same advisory lock; written to
-- be idempotent, so a database where it was applied by hand (or half-applied) upgrades cleanly.

ALTER TABLE ${p}outbox ADD COLUMN IF NOT EXISTS refused_at TIMESTAMPTZ;
ALTER TABLE ${p}outbox ADD COLUMN IF NOT EXISTS refusal TEXT;

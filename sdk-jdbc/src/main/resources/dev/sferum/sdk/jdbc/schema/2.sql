-- sferum-java-sdk JDBC stores, schema version 2 (PostgreSQL): adds the event de-duplication table.
-- Applied after 1.sql, in the same transaction and under the same advisory lock; written to be idempotent, so a
-- database where it was applied by hand (or half-applied) upgrades cleanly.

CREATE TABLE IF NOT EXISTS ${p}event_dedupe (
    event_key  TEXT        PRIMARY KEY,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS ${p}event_dedupe_by_expiry ON ${p}event_dedupe (expires_at);

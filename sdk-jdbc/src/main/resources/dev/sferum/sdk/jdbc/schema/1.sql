-- sferum-java-sdk JDBC stores, schema version 1 (PostgreSQL). ${p} is the configured table prefix.
-- Applied once, in one transaction, under an advisory lock; the version table records it.

CREATE TABLE ${p}vkid_grant (
    grant_key           TEXT        PRIMARY KEY,
    revision            BIGINT      NOT NULL CHECK (revision >= 1),
    refresh_fp          TEXT        NOT NULL,
    user_id             BIGINT      NOT NULL,
    device_id           TEXT        NOT NULL,
    access_token        TEXT        NOT NULL,
    access_expires_at   TIMESTAMPTZ NOT NULL,
    refresh_token       TEXT        NOT NULL,
    id_token            TEXT,
    scopes              TEXT        NOT NULL,
    refresh_lease_owner TEXT,
    refresh_lease_until TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE ${p}outbox (
    entry_key   BIGINT      PRIMARY KEY,
    request     TEXT        NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL,
    lease_owner TEXT,
    lease_until TIMESTAMPTZ
);
CREATE INDEX ${p}outbox_by_age ON ${p}outbox (enqueued_at, entry_key);

CREATE TABLE ${p}chat_mapping (
    account           TEXT        NOT NULL,
    class_id          TEXT        NOT NULL,
    seq               BIGSERIAL   NOT NULL,
    chat_peer         TEXT,
    intent_request_id TEXT,
    intent_title      TEXT,
    intent_at         TIMESTAMPTZ,
    PRIMARY KEY (account, class_id),
    CHECK (chat_peer IS NOT NULL OR intent_request_id IS NOT NULL)
);

CREATE TABLE ${p}lesson (
    scope                TEXT        NOT NULL,
    lesson_id            TEXT        NOT NULL,
    class_chat           TEXT        NOT NULL,
    title                TEXT        NOT NULL,
    starts_at            TIMESTAMPTZ NOT NULL,
    ends_at              TIMESTAMPTZ NOT NULL,
    state                TEXT        NOT NULL,
    call_id              TEXT,
    join_link            TEXT,
    announce_random_id   BIGINT      NOT NULL,
    announced_message_id BIGINT      NOT NULL,
    start_attempts       INT         NOT NULL,
    retry_at             TIMESTAMPTZ,
    failure              TEXT,
    PRIMARY KEY (scope, lesson_id)
);
CREATE INDEX ${p}lesson_by_start ON ${p}lesson (scope, starts_at, lesson_id);

-- flashpoint corpus store, schema version 2: alert rules and the log of their deliveries (issue 5, alerts).
-- A rule watches a dyad or a saved query (flashpoint.alerts.rules); each trigger it fires is delivered once
-- per channel: UNIQUE (rule_id, trigger_key, channel) keeps one row per trigger and channel, whose status
-- goes from 'failed' (retried at the next run) to 'sent' (never sent again).
-- Applied by flashpoint.corpus.store.Store in one transaction; never edit a released migration: add one.

CREATE SEQUENCE alert_rules_seq;
CREATE TABLE alert_rules (
    id          BIGINT PRIMARY KEY DEFAULT nextval('alert_rules_seq'),
    name        VARCHAR NOT NULL UNIQUE,
    kind        VARCHAR NOT NULL,           -- threshold, surge, ceasefire_violation, closure
    dyad        VARCHAR,                    -- "PAK-AFG", or NULL for a rule on a saved query
    "query"     VARCHAR,                    -- JSON of the EventQuery fields that are set, or NULL
    params      VARCHAR NOT NULL,           -- JSON object of the kind's parameters
    channels    VARCHAR NOT NULL,           -- JSON list of channel names
    created_at  TIMESTAMP NOT NULL,
    enabled     BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE SEQUENCE alert_deliveries_seq;
CREATE TABLE alert_deliveries (
    id            BIGINT PRIMARY KEY DEFAULT nextval('alert_deliveries_seq'),
    rule_id       BIGINT NOT NULL,
    trigger_key   VARCHAR NOT NULL,         -- stable name of what fired, e.g. "surge:AFG-PAK:2025-W42"
    channel       VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,         -- sent or failed
    detail        VARCHAR,                  -- the channel's answer, or why it failed
    title         VARCHAR,                  -- the trigger's title, for the log
    attempts      INTEGER NOT NULL,
    first_at      TIMESTAMP NOT NULL,       -- the first attempt
    "at"          TIMESTAMP NOT NULL,       -- the latest attempt
    UNIQUE (rule_id, trigger_key, channel)
);

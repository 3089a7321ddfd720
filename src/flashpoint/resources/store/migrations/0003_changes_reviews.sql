-- flashpoint corpus store, schema version 3: the change feed (events created, incidents created or updated,
-- events merged into another incident) and analysts' reviews of events (verified, disputed, rejected,
-- unverifiable, with a reason; every review is also written to the audit log).

CREATE SEQUENCE change_seq;
CREATE TABLE changes (
    seq     BIGINT PRIMARY KEY DEFAULT nextval('change_seq'),
    "at"    TIMESTAMP NOT NULL,
    kind    VARCHAR NOT NULL,                -- created, updated, merged, reviewed
    target  VARCHAR NOT NULL,                -- event or incident
    id      VARCHAR NOT NULL,
    detail  VARCHAR                          -- JSON
);

CREATE TABLE reviews (
    event_id  VARCHAR PRIMARY KEY,
    verdict   VARCHAR NOT NULL,              -- verified, disputed, rejected, unverifiable
    reason    VARCHAR,
    "user"    VARCHAR NOT NULL,
    "at"      TIMESTAMP NOT NULL
);

-- flashpoint corpus store, schema version 1: articles with provenance, their events, quotes and entities,
-- incidents merged from events, failures, analysts' incident links, and the audit log.
-- Applied by flashpoint.corpus.store.Store in one transaction; never edit a released migration: add one.

CREATE TABLE articles (
    id                VARCHAR PRIMARY KEY,   -- content id: first 16 hex digits of the text's SHA-256
    sha256            VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,
    title             VARCHAR,
    url               VARCHAR,
    source            VARCHAR NOT NULL,      -- path, path#record, or URL it was read from
    publisher         VARCHAR,
    published         DATE,
    published_source  VARCHAR NOT NULL,
    language          VARCHAR,
    retrieved_at      TIMESTAMP,
    ingested_at       TIMESTAMP NOT NULL,
    extractor_version VARCHAR NOT NULL,
    pipeline          VARCHAR,
    simhash           UBIGINT,
    band0 USMALLINT, band1 USMALLINT, band2 USMALLINT, band3 USMALLINT,
    copy_of           VARCHAR,               -- the earlier article this one is a near-copy of
    copy_group        VARCHAR NOT NULL       -- shared by near-copies of one story (the first copy's id)
);

CREATE TABLE events (
    id               VARCHAR PRIMARY KEY,    -- "<article id>:<event id>" or "<origin>:<dataset id>"
    origin           VARCHAR NOT NULL,
    category         VARCHAR NOT NULL,
    "mode"           VARCHAR,
    contexts         VARCHAR[],
    actors           VARCHAR,                -- JSON list of {code, sector, text}
    recipients       VARCHAR,
    status           VARCHAR NOT NULL,
    claimants        VARCHAR,
    "date"           VARCHAR,
    date_precision   VARCHAR,
    date_start       DATE,
    date_end         DATE,
    place_name       VARCHAR,
    place_country    VARCHAR,
    admin1           VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    place_resolution VARCHAR,
    fatalities_low   INTEGER,
    fatalities_high  INTEGER,
    sizes            VARCHAR,                -- JSON list of {type, low, high, qualifier, text}
    article_id       VARCHAR,
    dataset_id       VARCHAR,
    "source"         VARCHAR,
    source_outlets   VARCHAR[],
    reported         DATE,
    event_text       VARCHAR,
    "start"          INTEGER,
    "end"            INTEGER,
    "trigger"        VARCHAR,
    "pattern"        VARCHAR,
    quad_code        INTEGER,
    event_scale      DOUBLE,
    "comment"        VARCHAR,
    related          VARCHAR[],
    precision_codes  VARCHAR,                -- JSON list of [name, value]
    notes            VARCHAR,
    actor_codes      VARCHAR[],
    recipient_codes  VARCHAR[],
    block_key        VARCHAR NOT NULL,       -- incident merging block (category family and dyad)
    incident_id      VARCHAR,
    ingested_at      TIMESTAMP NOT NULL
);

CREATE TABLE quotes (
    id              VARCHAR PRIMARY KEY,     -- "<article id>:<quote id>"
    article_id      VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    "start"         INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    speaker_code    VARCHAR,
    speaker_sector  VARCHAR,
    speaker_text    VARCHAR,
    speaker_office  VARCHAR,
    cue             VARCHAR,
    outlet          VARCHAR,
    medium          VARCHAR,
    "date"          VARCHAR,
    kind            VARCHAR,
    "group"         VARCHAR
);

CREATE TABLE entities (
    id            VARCHAR PRIMARY KEY,       -- "<article id>:<entity id>"
    article_id    VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- actor or place
    name          VARCHAR NOT NULL,
    code          VARCHAR,
    sector        VARCHAR,
    office        VARCHAR,
    actor_kind    VARCHAR,
    directory_id  VARCHAR,
    lat           DOUBLE,
    lon           DOUBLE,
    country       VARCHAR,
    resolution    VARCHAR,
    mentions      VARCHAR                    -- JSON list of {text, start, end}
);

CREATE TABLE incidents (
    id               VARCHAR PRIMARY KEY,
    block_key        VARCHAR NOT NULL,
    category         VARCHAR NOT NULL,
    actor_codes      VARCHAR[],
    recipient_codes  VARCHAR[],
    date_start       DATE,
    date_end         DATE,
    place_name       VARCHAR,
    lat              DOUBLE,
    lon              DOUBLE,
    event_count      INTEGER NOT NULL,
    article_count    INTEGER NOT NULL,
    source_count     INTEGER NOT NULL,
    fatalities_low   INTEGER,
    fatalities_high  INTEGER,
    figures          VARCHAR,                -- JSON list of each source's status and figure
    first_reported   DATE,
    last_reported    DATE,
    status           VARCHAR NOT NULL,
    manual           BOOLEAN NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);

CREATE TABLE incident_links (              -- analysts' merges (must) and splits (cannot) between events
    event_a  VARCHAR NOT NULL,
    event_b  VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL,
    "at"     TIMESTAMP NOT NULL,
    PRIMARY KEY (event_a, event_b)
);

CREATE TABLE failures (
    source  VARCHAR NOT NULL,
    stage   VARCHAR NOT NULL,
    reason  VARCHAR NOT NULL,
    "at"    TIMESTAMP NOT NULL
);

CREATE SEQUENCE audit_seq;
CREATE TABLE audit (
    id      BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    "at"    TIMESTAMP NOT NULL,
    "user"  VARCHAR NOT NULL,
    action  VARCHAR NOT NULL,
    target  VARCHAR NOT NULL,
    detail  VARCHAR                          -- JSON
);

-- vetgraph schema 1: the record log, its batches and the event log, in the
-- current schema (the first on search_path). Times are UTC: system times as
-- bigint unix nanoseconds, valid times as RFC 3339 text with nanoseconds
-- (NULL when unbounded). timestamptz would keep only microseconds.

CREATE TABLE batches (
    no          bigint  PRIMARY KEY,       -- import order
    id          text    NOT NULL UNIQUE,
    source      text    NOT NULL,
    format      text    NOT NULL,
    files       jsonb   NOT NULL,          -- array of FileDigest
    imported_at bigint  NOT NULL,
    grade       text    NOT NULL,          -- "B2" or ""
    supersedes  text    NOT NULL,
    counts      jsonb   NOT NULL,          -- schema -> n
    added       integer NOT NULL,
    changed     integer NOT NULL,
    unchanged   integer NOT NULL,
    -- A batch's record versions are one contiguous seq range (imports are
    -- serialized); first_seq > last_seq when it added none.
    first_seq   bigint  NOT NULL,
    last_seq    bigint  NOT NULL
);

-- Append-only: one row per record version. seq is the log position.
CREATE TABLE records (
    seq        bigint PRIMARY KEY,
    batch_no   bigint NOT NULL,                -- batches.no; no FK: its per-row RI trigger halved COPY speed
    key_hash   bigint NOT NULL,            -- FNV-1a 64 of source NUL id
    source     text   NOT NULL,
    id         text   NOT NULL,
    schema     text   NOT NULL,
    properties jsonb  NOT NULL,            -- prop -> [values]
    valid_from text,
    valid_to   text,
    digest     text   NOT NULL             -- content digest, for idempotent re-imports
);

-- The versions of a key: head lookups and Latest.
CREATE INDEX records_key ON records (key_hash, seq);

-- Every record key source ever stored.
CREATE TABLE record_sources (
    source text PRIMARY KEY
);

CREATE TABLE events (
    seq     bigint PRIMARY KEY,
    stream  text   NOT NULL,
    version bigint NOT NULL,
    kind    text   NOT NULL,
    at      bigint NOT NULL,
    actor   text   NOT NULL,
    data    json,                          -- json keeps the text as given
    UNIQUE (stream, version)
);
CREATE INDEX events_kind ON events (kind, seq);

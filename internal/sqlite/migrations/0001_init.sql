-- vetgraph schema 1: the record log, its batches and the event log.
-- Times are UTC: system times as INTEGER unix nanoseconds, valid times as
-- RFC 3339 text with nanoseconds (NULL when unbounded).

CREATE TABLE batches (
    no          INTEGER PRIMARY KEY,       -- import order
    id          TEXT    NOT NULL UNIQUE,
    source      TEXT    NOT NULL,
    format      TEXT    NOT NULL,
    files       TEXT    NOT NULL,          -- JSON array of FileDigest
    imported_at INTEGER NOT NULL,
    grade       TEXT    NOT NULL,          -- "B2" or ""
    supersedes  TEXT    NOT NULL,
    counts      TEXT    NOT NULL,          -- JSON object schema -> n
    added       INTEGER NOT NULL,
    changed     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    -- A batch's record versions are one contiguous Seq range (imports are
    -- serialized), first_seq > last_seq when it added none.
    first_seq   INTEGER NOT NULL,
    last_seq    INTEGER NOT NULL
);

-- Append-only: one row per record version. seq is the log position.
CREATE TABLE records (
    seq        INTEGER PRIMARY KEY,
    batch_no   INTEGER NOT NULL REFERENCES batches (no),
    key_hash   INTEGER NOT NULL,           -- FNV-1a 64 of source NUL id
    source     TEXT    NOT NULL,
    id         TEXT    NOT NULL,
    schema     TEXT    NOT NULL,
    properties TEXT    NOT NULL,           -- JSON object prop -> [values]
    valid_from TEXT,
    valid_to   TEXT,
    digest     TEXT    NOT NULL            -- Record.Digest, for idempotent re-imports
);

-- The versions of a key (and its hash collisions), oldest first: head
-- lookups and Latest. An integer key keeps the index small and fast to grow.
CREATE INDEX records_key ON records (key_hash);

-- Every record key source ever stored: tells an import which sources are new
-- without scanning records.
CREATE TABLE record_sources (
    source TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE events (
    seq     INTEGER PRIMARY KEY,
    stream  TEXT    NOT NULL,
    version INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    data    BLOB,
    UNIQUE (stream, version)
);

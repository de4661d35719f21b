-- vetgraph schema 2: the key index of records becomes a table an import
-- fills once per batch, sorted, instead of an index SQLite updates row by row
-- in random order (the largest cost of a big import after the rows).

-- The versions of a key (and its hash collisions), oldest first: head
-- lookups and Latest. Holds every committed row of records.
CREATE TABLE record_keys (
    key_hash INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (key_hash, seq)
) WITHOUT ROWID;

INSERT INTO record_keys (key_hash, seq) SELECT key_hash, seq FROM records ORDER BY key_hash, seq;

DROP INDEX records_key;

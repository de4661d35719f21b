package sqlite

import "vetgraph/internal/storecodec"

// digest is the binary content digest of a record version.
type digest = storecodec.Digest

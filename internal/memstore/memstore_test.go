package memstore_test

import (
	"testing"

	"vetgraph"
	"vetgraph/internal/memstore"
	"vetgraph/internal/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) vetgraph.Store { return memstore.New() })
}

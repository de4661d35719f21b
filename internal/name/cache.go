package name

import (
	"strings"
	"sync"
)

// A Cache prepares names like [PrepareKind] while sharing the work and the
// memory of each distinct word between all the names it prepares: a word's
// readings, skeleton, role from its own letters and transliteration-model
// view are computed once, and every token of that word refers to the same
// strings and tables. A resolver holding a million names of a few hundred
// thousand distinct words keeps each word once, and prepares a name it has
// seen the words of several times faster.
//
// The names it returns are exactly those PrepareKind returns. A Cache keeps
// every word it has prepared until it is dropped (it grows with the
// vocabulary, not with the number of names); [Cache.Lookup] prepares
// without adding words, for one-off queries. It is safe for concurrent use.
type Cache struct {
	mu    sync.RWMutex
	words map[cacheKey]wordToken
}

type cacheKey struct {
	w    string
	kind Kind
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{words: make(map[cacheKey]wordToken)} }

// PrepareKind prepares raw as a name of kind k, adding its new words to
// the cache.
func (c *Cache) PrepareKind(raw string, k Kind) *Prepared { return prepareWith(raw, k, c, true) }

// Lookup prepares raw as a name of kind k using the words the cache holds,
// without adding any.
func (c *Cache) Lookup(raw string, k Kind) *Prepared { return prepareWith(raw, k, c, false) }

// Len returns the number of distinct words held.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.words)
}

// word returns the context-free token of w, from the cache or prepared
// (and added when add is set).
func (c *Cache) word(w string, kind Kind, add bool) wordToken {
	k := cacheKey{w, kind}
	c.mu.RLock()
	wt, ok := c.words[k]
	c.mu.RUnlock()
	if ok {
		return wt
	}
	if add {
		// The cache keeps its own copy: w is part of a whole name's text.
		w = strings.Clone(w)
	}
	wt = newWordToken(w, kind)
	if add {
		c.mu.Lock()
		if have, ok := c.words[k]; ok { // prepared meanwhile on another goroutine
			wt = have
		} else {
			c.words[cacheKey{w, kind}] = wt
		}
		c.mu.Unlock()
	}
	return wt
}

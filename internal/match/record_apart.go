package match

import "slices"

// Documents that keep two records apart. Two records that hold documents
// of one kind (a passport, a national id, a registration) from one issuer
// (or of unknown issuer), no number of one within DocumentEdits edits of a
// number of the other (two numbers, not one mistyped: a copy clerk's slips
// change a digit or two), are two people unless something only one person
// holds says otherwise:
// an identity document or link-grade value in common, a street or postal
// code in common (a record whose document number was written wrong, or
// replaced, still says where its holder lives), or the same full birth
// date (a person who renewed a passport keeps the birth date written in
// both). DocumentsApart is that test; the resolver keeps such records in
// different entities even when each matches a third record (an "Usman
// Omarov" born in 1981 who matches both the holder of one passport and the
// holder of another): a chain of matches does not make two documented
// people one.

// DocumentsApart reports whether the documents a and b hold say two people
// (see above). It is a function of the two records alone and symmetric.
func DocumentsApart(a, b *RecordFeatures) bool {
	if len(a.Identity) == 0 || len(b.Identity) == 0 || !identityConflict(a.Identity, b.Identity) {
		return false
	}
	if sharesValue(a, b) || sameFullBirthDate(a.DOBs, b.DOBs) {
		return false
	}
	x, y := a.Addr(), b.Addr()
	return !shareAny(x.Street, y.Street) && !shareAny(x.Postal, y.Postal)
}

// shareAny reports whether xs and ys hold one value in common.
func shareAny(xs, ys []string) bool {
	for _, x := range xs {
		if slices.Contains(ys, x) {
			return true
		}
	}
	return false
}

// DocumentEdits is how many edits (insertions, deletions, substitutions)
// apart two document numbers may be and still be one number mistyped.
const DocumentEdits = 2

// identityConflict reports whether as and bs hold a kind of identity
// document comparably (no two different issuers) with no value within
// DocumentEdits edits of another: a stronger test than the scorer's
// "conflict" (compareIdentity), which is any two values not one typo apart.
func identityConflict(as, bs []Ident) bool {
	for _, kind := range identityKinds {
		comparable, near := false, false
		for _, x := range as {
			for _, y := range bs {
				if x.Kind != kind || y.Kind != kind || x.Country != "" && y.Country != "" && x.Country != y.Country {
					continue
				}
				comparable = true
				near = near || editsWithin(x.Value, y.Value, DocumentEdits)
			}
		}
		if comparable && !near {
			return true
		}
	}
	return false
}

// sameFullBirthDate reports whether a full date of as equals one of bs.
func sameFullBirthDate(as, bs []Date) bool {
	for _, x := range as {
		for _, y := range bs {
			if x.Full() && x == y {
				return true
			}
		}
	}
	return false
}

// editsWithin reports whether a and b (compared byte by byte: document
// numbers are ASCII) are at most k edits apart (Levenshtein distance).
func editsWithin(a, b string, k int) bool {
	if a == b {
		return true
	}
	if len(a)-len(b) > k || len(b)-len(a) > k {
		return false
	}
	var buf [2][33]int // two rows for numbers of up to 32 characters
	prev, cur := buf[0][:], buf[1][:]
	if len(b) >= len(prev) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(c, prev[j], cur[j-1])
			}
			cur[j] = c
			low = min(low, c)
		}
		if low > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

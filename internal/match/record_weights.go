package match

import (
	"encoding/json"

	"vetgraph"
)

// Level is one agreement level of a comparison: a similarity of at least Min
// contributes Weight.
type Level struct {
	Min    float64 `json:"min"`
	Weight float64 `json:"weight"`
}

// Levels weighs a similarity in [0,1]: the first level (in order) whose Min
// the similarity reaches gives its weight; a similarity below every level
// gives Else (usually negative: disagreement is evidence against).
type Levels struct {
	Levels []Level `json:"levels"`
	Else   float64 `json:"else"`
}

// Weigh returns the weight of similarity s and whether it reached a level.
func (l Levels) Weigh(s float64) (float64, bool) {
	for _, lv := range l.Levels {
		if s >= lv.Min {
			return lv.Weight, true
		}
	}
	return l.Else, false
}

// NameFrequency is the term-frequency adjustment of agreeing names, after
// Fellegi and Sunter: a name held by twice as many records says one bit
// less. A name part whose rarest key is held by n records gets
// log2(Reference) - NameBucket(n) bits added to its level weight, clamped to
// [-MaxPenalty, MaxBonus], and keeps at least Floor bits. The adjustment
// changes only when n crosses a power of two.
type NameFrequency struct {
	Reference  int     `json:"reference"`
	MaxPenalty float64 `json:"max_penalty"`
	MaxBonus   float64 `json:"max_bonus"`
	Floor      float64 `json:"floor"`
}

// Changes reports whether a name token held by n records weighs other than
// one held by n-1: only then must the pairs of its holders be rescored.
func (f NameFrequency) Changes(n int) bool {
	return f.Reference > 0 && n >= 2 && f.clamped(n) != f.clamped(n-1)
}

func (f NameFrequency) clamped(n int) float64 {
	adj := float64(NameBucket(f.Reference) - NameBucket(n))
	return min(max(adj, -f.MaxPenalty), f.MaxBonus)
}

func (f NameFrequency) adjust(weight float64, n int) float64 {
	if f.Reference <= 0 {
		return weight
	}
	adj := float64(NameBucket(f.Reference) - NameBucket(n))
	adj = min(max(adj, -f.MaxPenalty), f.MaxBonus)
	return max(weight+adj, min(f.Floor, weight))
}

// GenericWithName is the evidence of two records that share a generic
// value and agree on the name. A generic value (a smuggler's phone called by
// hundreds, but also the own phone of a guide met at the border twenty
// times) weighs nothing on its own, because two arbitrary holders of it are
// most likely different people. Two holders that also bear the same name
// are another matter: among the holders of one value, few different people
// share a whole name, so the chance that two different holders agree on
// both is far below the chance that two people agree on the name alone
// (Fellegi and Sunter: u for the pair of features, not the product of the
// parts). Weight bits are added on top of the names, which stay under the
// names-alone cap: the value is not corroboration of its own, so a generic
// value alone never merges, and a name common among its holders (weighing
// little after the frequency adjustment) still does not. It applies once per
// pair, when every name piece (given name, surname, whole name) is at least
// MinName similar, the father's names, when both have one, do not
// disagree, and nothing else says two people: two full birth dates that do
// not agree (same_year included: two different dates of one year are two
// birthdays, and the bonus would outweigh what they say), a gender or an
// identity document against. Weight 0 turns it off.
type GenericWithName struct {
	Weight  float64 `json:"weight"`
	MinName float64 `json:"min_name"`
}

// DateWeights weighs birth dates, best pair of values first.
type DateWeights struct {
	Exact    float64 `json:"exact"`     // same full date
	Swapped  float64 `json:"swapped"`   // day and month swapped
	Typo     float64 `json:"typo"`      // one digit of YYYYMMDD wrong or two adjacent digits swapped
	Partial  float64 `json:"partial"`   // a partial date (year, year-month) consistent with the other: weak, one namesake in a few dozen shares a year
	SameYear float64 `json:"same_year"` // full dates of the same year, otherwise different
	Mismatch float64 `json:"mismatch"`  // none of the above
}

// RecordWeights are the comparison weights of the record scorer, in bits:
// each is log2(m/u) after Fellegi and Sunter, where m is the chance that the
// feature agrees at that level when two records are the same subject and u
// the chance when they are not. A record pair's total is the sum of its
// pieces, and its Score.Value is the logistic 1/(1+2^-total): 0.5 when the
// evidence is balanced. Features missing on either side contribute nothing.
// Nationality is never compared.
type RecordWeights struct {
	// Name weighs the best whole-name similarity of the name layer
	// (match.NameValue over every name, alias and composed first/last name)
	// when the two records share no structured name part.
	Name Levels `json:"name"`
	// Given and Surname weigh the structured name parts (Jaro-Winkler over
	// canonical Latin) that both records have; when both have both, the better
	// of the straight and the swapped arrangement counts.
	Given   Levels `json:"given"`
	Surname Levels `json:"surname"`
	// NameFrequency adjusts agreeing name weights by how common the name is.
	NameFrequency NameFrequency `json:"name_frequency"`
	// Father weighs fatherName (patronymic) when both records have one.
	Father Levels `json:"father"`

	BirthDate DateWeights `json:"birth_date"`

	GenderAgree    float64 `json:"gender_agree"`
	GenderDisagree float64 `json:"gender_disagree"`

	// IdentityExact: the same identity-grade identifier (passport, national
	// id, registration number) with the same or an unknown issuing country on
	// one side: decisive. IdentityNoCountry: the same value where neither
	// side names the issuer and the kind is not a passport (a national number
	// without an issuing country is strong evidence, not proof).
	IdentityExact     float64 `json:"identity_exact"`
	IdentityNoCountry float64 `json:"identity_no_country"`
	// IdentityNear: one typo apart (one edit or adjacent transposition).
	IdentityNear float64 `json:"identity_near"`
	// IdentityConflict: both records hold the kind and no value is equal or
	// near: counts against. IdentityConflictIssuer applies instead when both
	// name the same issuing country (two documents of one issuer).
	IdentityConflict       float64 `json:"identity_conflict"`
	IdentityConflictIssuer float64 `json:"identity_conflict_issuer"`

	// LinkShared: a shared link-grade value (phone, email, account, address
	// identifier) held by at most GenericLimit records. Link-grade evidence
	// alone must stay below the match threshold: it never merges on its own.
	LinkShared float64 `json:"link_shared"`
	// EmailNear: emails with the same domain and local parts at least 0.9
	// similar (Jaro-Winkler).
	EmailNear float64 `json:"email_near"`
	// GenericLimit: a link-grade value held by more records than this is
	// generic (a smuggler's phone called by hundreds) and weighs nothing.
	GenericLimit int `json:"generic_limit"`

	// PhoneDiffers and AddressDiffers weigh two records that both hold
	// phones (addresses given as identifiers) and share none, nor, for
	// addresses, one like another: two different people nearly always differ
	// (u about 1), one person does when he changed number or moved, or gave
	// a stash house as his address (m about a quarter for phones, about half
	// for addresses over the years an encounter file spans). So a few bits
	// against. A phone held by more than GenericLimit records (a smuggler's,
	// written on his clients' encounters) is no holder's own and is set
	// aside on either side; addresses are compared whatever their holders
	// (a stash house given as an address is in m already).
	PhoneDiffers   float64 `json:"phone_differs"`
	AddressDiffers float64 `json:"address_differs"`

	// GenericWithName weighs a generic link-grade value (held by more than
	// GenericLimit records) shared by two records whose names agree; see
	// [GenericWithName].
	GenericWithName GenericWithName `json:"generic_with_name"`

	// Companion weighs two records that agree on the name and were each met
	// at the border with the same person (their travel companions' records
	// are one person on the evidence of those records alone): see
	// [Companion]. 0 turns it off.
	Companion float64 `json:"companion"`

	// HouseholdAddress weighs an address shared by two records that agree
	// on the family name (the surname, or the whole name when the records
	// have no structured parts), in place of LinkShared or GenericWithName
	// when those weigh more. The features are not independent: relatives
	// share a family name and, living and often travelling together, an
	// address (a father and a son, sisters, a mother and a daughter who bear
	// one given name); among people of one family name a shared address is
	// far weaker evidence than among strangers, so it weighs little (m/u
	// about 6) and does not corroborate the names. With the default prior
	// and thresholds a name and a household's address alone reach the
	// match threshold (6.63 bits) when the name is rare, or common but no
	// other person of it is known at the address (householdDate): names
	// capped at NameAloneMax, 7 + 2.5 + 0.5 for gender - 2 prior = 8 bits;
	// a name written in part or with one slip ("Santiago Garza" for
	// "Santiago Garza Orozco", name level 6) 6 + 2.5 + 0.5 - 2 = 7 bits.
	// Any evidence of two people (another phone, -2; birth dates, identity
	// documents) keeps the pair for review; two relatives of one birth date
	// (twins) stay under HalfNameDateMax.
	// Below zero: off (the address weighs as any shared value).
	HouseholdAddress float64 `json:"household_address"`

	// LinkMax caps the sum of the positive link-grade pieces (shared phone,
	// email, account, address and the address parts postal_code, city,
	// street, region) when nothing else agrees (no name, date, gender or
	// identity document): link-grade evidence adds to other evidence but, with the default
	// prior and thresholds, never reaches a match on its own.
	LinkMax float64 `json:"link_max"`

	// NameAloneMax caps the sum of the positive name pieces (name, given
	// name, surname, father's name) when no other feature agrees beyond
	// gender (no birth date, identity document, link-grade value or address
	// part): many unrelated people share a name, so with the default prior
	// and thresholds a name alone, however rare, is a possible match for
	// review and never merges. Without it, a record that has only a name
	// chains people of that name with different birth dates into one
	// entity. Zero or less: no cap.
	NameAloneMax float64 `json:"name_alone_max"`

	// HalfNameDateMax caps the sum of the positive pieces when both records
	// have a given name and a surname, one of the two does not agree, and
	// nothing agrees beyond the other name part, the birth date, the
	// father's name and gender: the pattern of twins, and of strangers in a
	// large population (about one person in 13,000 shares a birth date with
	// anyone, and a common surname is held by one in fifty), far more often
	// than of one person whose given name or surname was written wrong. With
	// the default prior and thresholds such a pair is a possible match for
	// review and never merges on that alone. Zero or less: no cap.
	HalfNameDateMax float64 `json:"half_name_date_max"`

	Postal Levels `json:"postal"`
	City   Levels `json:"city"`
	Street Levels `json:"street"`
	Region Levels `json:"region"`

	// Prior is log2 of the prior odds that two compared records are the same
	// subject, before any feature is looked at (blocking already made them
	// candidates). It is the first piece of every comparison.
	Prior float64 `json:"prior"`

	// MatchAt is the Score.Value at or above which Score.Match is set.
	MatchAt float64 `json:"match_at"`
}

// DefaultRecordWeights returns the documented defaults. The name and date
// weights assume names and dates of a national population (u for an exact
// surname about 1/250, for an exact full birth date about 1/30,000).
func DefaultRecordWeights() RecordWeights {
	return RecordWeights{
		Name: Levels{Levels: []Level{
			{0.97, 9}, {0.85, 6}, {0.72, 3}, {0.6, 0},
		}, Else: -5},
		Given: Levels{Levels: []Level{
			{0.99, 6}, {0.94, 4}, {0.88, 2}, {0.80, 0},
		}, Else: -5},
		Surname: Levels{Levels: []Level{
			{0.99, 8}, {0.94, 5}, {0.88, 2.5}, {0.80, 0},
		}, Else: -5},
		NameFrequency: NameFrequency{Reference: 4, MaxPenalty: 5, MaxBonus: 2, Floor: 1},
		Father: Levels{Levels: []Level{
			{0.94, 3}, {0.85, 1},
		}, Else: -4},
		BirthDate: DateWeights{
			Exact: 11, Swapped: 7, Typo: 3, Partial: 2, SameYear: 0, Mismatch: -9,
		},
		GenderAgree:            0.5,
		GenderDisagree:         -6,
		IdentityExact:          24,
		IdentityNoCountry:      16,
		IdentityNear:           6,
		IdentityConflict:       -6,
		IdentityConflictIssuer: -14,
		LinkShared:             5,
		EmailNear:              2,
		GenericLimit:           5,
		GenericWithName:        GenericWithName{Weight: 3, MinName: 0.85},
		HouseholdAddress:       2.5,
		Companion:              4,
		PhoneDiffers:           -2,
		AddressDiffers:         -1,
		LinkMax:                8,
		NameAloneMax:           7,
		HalfNameDateMax:        8,
		Postal: Levels{Levels: []Level{
			{1, 5}, {0.9, 1.5},
		}, Else: -3},
		City: Levels{Levels: []Level{
			{0.99, 4}, {0.9, 2},
		}, Else: -3},
		Street: Levels{Levels: []Level{
			{0.95, 5}, {0.85, 2.5}, {0.7, 0},
		}, Else: -3},
		Region: Levels{Levels: []Level{
			{1, 0.5},
		}, Else: -1.5},
		Prior:   -2,
		MatchAt: 0.99,
	}
}

// ParseRecordWeights reads weights from JSON over the defaults: fields the
// JSON leaves out keep their default.
func ParseRecordWeights(b []byte) (RecordWeights, error) {
	w := DefaultRecordWeights()
	if err := json.Unmarshal(b, &w); err != nil {
		return w, vetgraph.Errorf(vetgraph.Invalid, "match.ParseRecordWeights", "record weights: %w", err)
	}
	return w, nil
}

package vetgraph

// Piece is one named part of a comparison: which feature was compared, how,
// what it scored and how much it weighs. A score is data: its pieces explain
// it ("why" and "why not").
type Piece struct {
	Kind    string  `json:"kind"`             // "given_name", "surname", "birth_date", "passport", ...
	Method  string  `json:"method,omitempty"` // "exact", "translit", "jaro_winkler", "initial", ...
	Score   float64 `json:"score"`            // in [0,1]
	Weight  float64 `json:"weight"`           // contribution weight; negative weights count against
	Matched bool    `json:"matched"`
	Exact   bool    `json:"exact,omitempty"`
	A       string  `json:"a,omitempty"` // the values compared, as normalized
	B       string  `json:"b,omitempty"`
	Note    string  `json:"note,omitempty"` // e.g. "generic phone: shared by 312 records"
}

// Score is the result of comparing two names or two records.
type Score struct {
	Value  float64 `json:"score"` // in [0,1]
	Match  bool    `json:"match"`
	Pieces []Piece `json:"pieces"`
}

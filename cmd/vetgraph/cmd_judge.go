package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"vetgraph"
)

// judgeSource is the source of the judgement records `vetgraph judge`
// writes.
const judgeSource = "judgement"

// cmdJudge records a person's resolution decision: two records are one
// person (same) or two (different). The decision is a record of its own
// (an FtM UnknownLink with role same_as or not_same_as, the reason and who
// decided) imported as a batch, so it is kept, replayed and can be
// withdrawn with `vetgraph retract BATCH` like any other; resolution
// honours it over the scores, and flags are re-vetted.
func cmdJudge(ctx context.Context, e *env, args []string) error {
	fs := e.flags("judge")
	reason := fs.String("reason", "", "why (required): what the reviewer saw")
	actor := fs.String("as", e.getenv("VETGRAPH_USER"), "who decides (env VETGRAPH_USER)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 3 || pos[0] != "same" && pos[0] != "different" {
		return usagef("usage: vetgraph judge same|different RECORD_A RECORD_B --reason TEXT (each record source/id or id)")
	}
	if strings.TrimSpace(*reason) == "" {
		return vetgraph.Errorf(vetgraph.Invalid, "vetgraph judge", "--reason is required: say what the decision rests on")
	}
	if *actor == "" {
		return usagef("say who decides: --as NAME or VETGRAPH_USER")
	}
	s, err := e.openPipeline(ctx, zeroTime)
	if err != nil {
		return err
	}
	defer s.Close()
	var keys [2]vetgraph.RecordKey
	for i, ref := range pos[1:] {
		found := s.p.Resolver().Find(ref)
		switch len(found) {
		case 0:
			return vetgraph.Errorf(vetgraph.NotFound, "vetgraph judge", "no subject record %s", ref)
		case 1:
			keys[i] = found[0]
		default:
			ss := make([]string, len(found))
			for j, k := range found {
				ss[j] = k.String()
			}
			return vetgraph.Errorf(vetgraph.Invalid, "vetgraph judge", "%s names %d records (%s): give source/id", ref, len(found), strings.Join(ss, ", "))
		}
	}
	if keys[0].ID == keys[1].ID {
		return vetgraph.Errorf(vetgraph.Invalid, "vetgraph judge", "%s and %s share the FtM id %s: they are one entity already", keys[0], keys[1], keys[0].ID)
	}
	role := vetgraph.RoleSameAs
	if pos[0] == "different" {
		role = vetgraph.RoleNotSameAs
	}
	now := e.clock.Now().UTC()
	sum := sha256.Sum256([]byte(keys[0].String() + "\x00" + keys[1].String() + "\x00" + role + "\x00" + now.Format("2006-01-02T15:04:05.000000000Z")))
	id := "judge-" + hex.EncodeToString(sum[:6])
	rec := vetgraph.Record{
		Key:    vetgraph.RecordKey{Source: judgeSource, ID: id},
		Schema: vetgraph.SchemaUnknownLink,
		Properties: vetgraph.Properties{
			"subject": {keys[0].ID}, "object": {keys[1].ID}, "role": {role},
			"summary": {*reason}, "publisher": {*actor},
			"description": {fmt.Sprintf("%s judged %s and %s %s", *actor, keys[0], keys[1], map[bool]string{true: "one person", false: "two people"}[role == vetgraph.RoleSameAs])},
		},
	}
	b := vetgraph.Batch{ID: vetgraph.BatchID(id), Source: judgeSource, Format: "ftm", ImportedAt: now}
	res, err := s.p.Import(ctx, b, func(yield func(vetgraph.Record, error) bool) { yield(rec, nil) })
	if err != nil {
		return err
	}
	counts := map[vetgraph.DeltaKind]int{}
	for _, d := range res.Deltas {
		counts[d.Kind]++
	}
	ex := s.p.Resolver().Why(keys[0], keys[1])
	out := struct {
		Batch   vetgraph.BatchID           `json:"batch"`
		Role    string                     `json:"role"`
		A       vetgraph.RecordKey         `json:"a"`
		B       vetgraph.RecordKey         `json:"b"`
		Reason  string                     `json:"reason"`
		Actor   string                     `json:"actor"`
		Deltas  map[vetgraph.DeltaKind]int `json:"deltas"`
		EntityA vetgraph.EntityID          `json:"entity_a"`
		EntityB vetgraph.EntityID          `json:"entity_b"`
	}{b.ID, role, keys[0], keys[1], *reason, *actor, counts, ex.EntityA, ex.EntityB}
	return emitOne(e, out, func(w io.Writer) {
		fmt.Fprintf(w, "recorded as batch %s: %s\n", b.ID, rec.Properties.First("description"))
		fmt.Fprintf(w, "  now %s is in %s, %s in %s\n", keys[0], ex.EntityA, keys[1], ex.EntityB)
		fmt.Fprintf(w, "  re-vetting: %d new, %d raised, %d lowered, %d cleared flags\n",
			counts[vetgraph.DeltaNew], counts[vetgraph.DeltaRaised], counts[vetgraph.DeltaLowered], counts[vetgraph.DeltaCleared])
		fmt.Fprintf(w, "  withdraw it with: vetgraph retract %s --reason TEXT\n", b.ID)
	})
}

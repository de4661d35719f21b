package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"vetgraph"
)

// JudgeSource is the source of the judgement records Judge writes.
const JudgeSource = "judgement"

// Judgement is a reviewer's decision on resolution: records A and B (each
// source/id or an FtM id naming one record) are one person (Same) or two.
type Judgement struct {
	A, B   string
	Same   bool
	Reason string // what the decision rests on (required)
	Actor  string // who decided (required)
	At     time.Time
}

// JudgeResult is what a judgement did: its batch, the flag deltas, and the
// entities holding the two records afterwards.
type JudgeResult struct {
	ImportResult
	Role    string             `json:"role"`
	A       vetgraph.RecordKey `json:"a"`
	B       vetgraph.RecordKey `json:"b"`
	EntityA vetgraph.EntityID  `json:"entity_a"`
	EntityB vetgraph.EntityID  `json:"entity_b"`
}

// Judge records a reviewer's decision as a batch of its own: one FtM
// UnknownLink with role same_as or not_same_as between the two records' FtM
// ids, with the reason (summary) and who decided (publisher). Resolution
// honours it over any score; retracting the batch withdraws it. The flags
// are re-vetted as for any import.
func (p *Pipeline) Judge(ctx context.Context, j Judgement) (JudgeResult, error) {
	const op = "pipeline.Judge"
	if strings.TrimSpace(j.Reason) == "" {
		return JudgeResult{}, vetgraph.Errorf(vetgraph.Invalid, op, "a reason is required: say what the decision rests on")
	}
	if strings.TrimSpace(j.Actor) == "" {
		return JudgeResult{}, vetgraph.Errorf(vetgraph.Invalid, op, "say who decides")
	}
	p.mu.Lock()
	var keys [2]vetgraph.RecordKey
	var err error
	for i, ref := range []string{j.A, j.B} {
		if keys[i], err = p.res.FindOne(ref); err != nil {
			break
		}
	}
	p.mu.Unlock()
	if err != nil {
		return JudgeResult{}, err
	}
	if keys[0].ID == keys[1].ID {
		return JudgeResult{}, vetgraph.Errorf(vetgraph.Invalid, op, "%s and %s share the FtM id %s: they are one entity already", keys[0], keys[1], keys[0].ID)
	}
	role := vetgraph.RoleNotSameAs
	if j.Same {
		role = vetgraph.RoleSameAs
	}
	at := j.At.UTC()
	sum := sha256.Sum256([]byte(keys[0].String() + "\x00" + keys[1].String() + "\x00" + role + "\x00" + at.Format(time.RFC3339Nano)))
	id := "judge-" + hex.EncodeToString(sum[:6])
	rec := vetgraph.Record{
		Key:    vetgraph.RecordKey{Source: JudgeSource, ID: id},
		Schema: vetgraph.SchemaUnknownLink,
		Properties: vetgraph.Properties{
			"subject": {keys[0].ID}, "object": {keys[1].ID}, "role": {role},
			"summary": {j.Reason}, "publisher": {j.Actor},
			"description": {fmt.Sprintf("%s judged %s and %s %s", j.Actor, keys[0], keys[1], vetgraph.JudgedAs(role))},
		},
	}
	b := vetgraph.Batch{ID: vetgraph.BatchID(id), Source: JudgeSource, Format: "ftm", ImportedAt: at}
	res, err := p.Import(ctx, b, func(yield func(vetgraph.Record, error) bool) { yield(rec, nil) })
	if err != nil {
		return JudgeResult{}, err
	}
	out := JudgeResult{ImportResult: res, Role: role, A: keys[0], B: keys[1]}
	p.mu.Lock()
	out.EntityA, _ = p.res.EntityOf(keys[0])
	out.EntityB, _ = p.res.EntityOf(keys[1])
	p.mu.Unlock()
	return out, nil
}

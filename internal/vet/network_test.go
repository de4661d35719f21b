package vet

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vetgraph"
)

func TestNetwork(t *testing.T) {
	w := newTW(t, nil)
	w.apply("agency", "agency", "", "",
		rec("Organization", "N1", "name=Network One"),
		rec("Person", "F", "name=F", "phone=+992900000500"),
		rec("Person", "L", "name=L"),
		rec("Membership", "m1", "member=F", "organization=N1", "role=guide"),
		rec("Membership", "m2", "member=L", "organization=N1", "role=leader"),
		rec("Person", "C1"), rec("Person", "C2"),
		rec("UnknownLink", "u1", "subject=C1", "object=N1", "role=moved_by"),
		rec("Payment", "p2", "payer=C2", "beneficiary=F"),
		// Six callers of F's phone: widely shared.
		rec("Person", "K1", "phone=+992900000500"), rec("Person", "K2", "phone=+992900000500"),
		rec("Person", "K3", "phone=+992900000500"), rec("Person", "K4", "phone=+992900000500"),
		rec("Person", "K5", "phone=+992900000500"),
		// T travelled with C1 only: community, not a client.
		rec("Person", "T"), rec("Event", "ev", "involved=T", "involved=C1"),
		// Unrelated.
		rec("Person", "Z"),
	)
	ids := func(es []NetworkEntry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, string(e.Entity)+" "+string(e.Tie)+" "+string(e.Via))
		}
		return out
	}
	for _, seed := range []string{"N1", "F", "phone:+992900000500"} {
		t.Run(seed, func(t *testing.T) {
			rep, err := w.v.Network(seed)
			if err != nil {
				t.Fatal(err)
			}
			var orgs []string
			for _, o := range rep.Organizations {
				orgs = append(orgs, string(o.Entity))
			}
			if diff := cmp.Diff([]string{"N1"}, orgs); diff != "" {
				t.Errorf("organizations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"F facilitator_for N1", "L leader_of N1"}, ids(rep.Members)); diff != "" {
				t.Errorf("members (-want +got):\n%s", diff)
			}
			var clients []string
			for _, c := range rep.Clients {
				clients = append(clients, string(c.Entity))
				if len(c.Evidence) == 0 {
					t.Errorf("client %s without evidence", c.Entity)
				}
			}
			if diff := cmp.Diff([]string{"C1", "C2", "K1", "K2", "K3", "K4", "K5"}, clients); diff != "" {
				t.Errorf("clients (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"T community N1"}, ids(rep.Community)); diff != "" {
				t.Errorf("community (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := w.v.Network("nobody"); vetgraph.ErrorCode(err) != vetgraph.NotFound {
		t.Errorf("unknown seed: err %v, want not_found", err)
	}
}

// TestEntityNameShown: an entity's name in networks and flags is the one
// most of its records give, not one record's typo (vetgraph.ShownNames).
func TestEntityNameShown(t *testing.T) {
	w := newTW(t, nil)
	w.apply("agency", "agency", "", "",
		rec("Organization", "N1", "name=Network One", "topics=crime.traffick"),
		rec("Person", "G", "name=Castillo Morales Leordo"),
		rec("Membership", "m1", "member=G", "organization=N1", "role=guide"),
	)
	w.apply("enc-1", "enc-1", "", "", rec("Person", "G", "name=Leordo Castillo Morales"))
	w.apply("enc-2", "enc-2", "", "", rec("Person", "G", "name=Leordo Castillo Morales"))
	rep, err := w.v.Network("N1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Members) != 1 || rep.Members[0].Name != "Leordo Castillo Morales" {
		t.Errorf("members %+v, want G named Leordo Castillo Morales", rep.Members)
	}
	w.retract("enc-2")
	if rep, _ = w.v.Network("N1"); len(rep.Members) != 1 || rep.Members[0].Name != "Castillo Morales Leordo" {
		t.Errorf("after a retraction, one record each: members %+v, want the smaller name, Castillo Morales Leordo", rep.Members)
	}
}

package main

import "testing"

// TestCompareFixAtCaller checks the differential check on findings
// reported at a caller: one that names the fixed statement, in its
// message or related information, counts; one that names another line
// does not; and one the fix still reports, the named line moved by the
// edit, persists.
func TestCompareFixAtCaller(t *testing.T) {
	fx := &Fix{Kind: "missing-cascade", At: "db/store.go:17-19"}
	atCaller := Finding{File: "svc/svc.go", Line: 9, Rule: "missing-cascade",
		Message: "soft-deleting orders (through Store.Hide) leaves live rows in items (order_id)",
		Related: "items (order_id) references orders, ON DELETE CASCADE: its rows stay live\norders is soft-deleted at db/store.go:18"}
	inMessage := Finding{File: "svc/svc.go", Line: 12, Rule: "missing-filter",
		Message: "Store.Get (db/store.go:18) reads orders by key without filtering deleted rows"}
	elsewhere := atCaller
	elsewhere.Related = "orders is soft-deleted at db/store.go:30"
	moved := inMessage
	moved.Message = "Store.Get (db/store.go:25) reads orders by key without filtering deleted rows"
	for _, c := range []struct {
		name          string
		kind          string
		parent, fixed []Finding
		want          fixStatus
	}{
		{"related names the statement", "missing-cascade", []Finding{atCaller}, nil, fixFound},
		{"message names the statement", "missing-filter", []Finding{inMessage}, nil, fixFound},
		{"another line", "missing-cascade", []Finding{elsewhere}, nil, fixMissed},
		{"another rule", "redelete", []Finding{atCaller}, nil, fixMissed},
		{"still reported, moved", "missing-filter", []Finding{inMessage}, []Finding{moved}, fixPersists},
	} {
		fx := *fx
		fx.Kind = c.kind
		if got := compareFix(&fx, c.parent, c.fixed).status; got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestCompareRepoMoved: a verdict on a statement whose finding is now
// reported at a call naming it has moved, not gone; one whose statement
// no finding names is gone.
func TestCompareRepoMoved(t *testing.T) {
	r := &Repository{Findings: []*Verdict{
		{At: "db/query.sql:12", Rule: "missing-filter", Verdict: "real"},
		{At: "db/query.sql:30", Rule: "missing-filter", Verdict: "wrong"},
		{At: "svc/svc.go:9", Rule: "missing-filter", Verdict: "real"},
	}}
	atCall := Finding{File: "svc/svc.go", Line: 9, Rule: "missing-filter",
		Message: "Queries.GetUser (db/query.sql:12) reads users by key without filtering deleted rows"}
	res := compareRepo(r, []Finding{atCall})
	if res.verdictOf[0] != r.Findings[2] {
		t.Errorf("the call's finding takes its own verdict, got %+v", res.verdictOf[0])
	}
	if len(res.moved) != 1 || res.moved[0].verdict != r.Findings[0] || res.moved[0].to.Line != 9 {
		t.Errorf("moved = %+v, want db/query.sql:12 moved to svc/svc.go:9", res.moved)
	}
	if len(res.gone) != 1 || res.gone[0] != r.Findings[1] {
		t.Errorf("gone = %+v, want db/query.sql:30", res.gone)
	}
}

// TestPartialRuns checks how a run that left packages out (they do not
// type-check) counts: a finding gone at the fix counts unless a package
// newly fails there; a finding absent at the parent counts as missed only
// when the statement's package was analysed.
func TestPartialRuns(t *testing.T) {
	fx := &Fix{Kind: "missing-filter", At: "db/store.go:17-19"}
	atParent := Finding{File: "db/store.go", Line: 18, Rule: "missing-filter", Message: "orders is a soft-delete table"}
	for _, c := range []struct {
		name          string
		at            string
		parent, fixed treeRun
		wantErr       bool
	}{
		{"found, same packages fail", fx.At, treeRun{Findings: []Finding{atParent}, Failed: []string{"m/gen"}}, treeRun{Failed: []string{"m/gen"}}, false},
		{"found, a package fails only at the fix", fx.At, treeRun{Findings: []Finding{atParent}}, treeRun{Failed: []string{"m/db"}}, true},
		{"missed, statement's package analysed", fx.At, treeRun{Failed: []string{"m/gen"}}, treeRun{}, false},
		{"missed, statement's package failed", fx.At, treeRun{Failed: []string{"m/db"}}, treeRun{}, true},
		{"missed, statement in a .sql file", "queries/orders.sql:3", treeRun{Failed: []string{"m/gen"}}, treeRun{}, true},
		{"missed, complete run", fx.At, treeRun{}, treeRun{}, false},
	} {
		fx := *fx
		fx.At = c.at
		res := compareFix(&fx, c.parent.Findings, c.fixed.Findings)
		if err := partialRuns(&fx, c.parent, c.fixed, res); (err != nil) != c.wantErr {
			t.Errorf("%s: error %v, want error %v", c.name, err, c.wantErr)
		}
	}
}

// TestParseJSONPartial checks that a package the run could not analyse is
// recorded, not fatal, and that its test variants count once.
func TestParseJSONPartial(t *testing.T) {
	out := `{
 "m/db": {"softdelete": [{"posn": "/mod/db/store.go:18:5", "category": "missing-filter", "message": "m"}]},
 "m/gen": {"softdelete": {"error": "failed prerequisites: softdelete@m/prisma"}},
 "m/gen [m/gen.test]": {"softdelete": {"error": "failed prerequisites: softdelete@m/prisma"}}
}`
	res, err := parseJSON([]byte(out), "/mod")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].File != "db/store.go" {
		t.Errorf("findings %+v, want one in db/store.go", res.Findings)
	}
	if len(res.Failed) != 1 || res.Failed[0] != "m/gen" || res.packages != 2 {
		t.Errorf("failed %v of %d packages, want [m/gen] of 2", res.Failed, res.packages)
	}
}

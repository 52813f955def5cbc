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

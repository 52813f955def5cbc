package rules

import (
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// policyFilters reports whether a row-level-security policy that applies to
// SELECT already hides deleted rows of t.
func policyFilters(t *schema.Table, sd *SoftDelete) bool {
	if !t.RLSEnabled {
		return false
	}
	for _, p := range t.Policies {
		if p.Command != "all" && p.Command != "select" && p.Command != "" {
			continue
		}
		if predicateFilters(t, sd, p.Using) {
			return true
		}
	}
	return false
}

// predicateFilters reports whether a predicate over t's own columns (a
// policy's USING, a partial index's WHERE) keeps only live rows.
func predicateFilters(t *schema.Table, sd *SoftDelete, pred *pgast.Node) bool {
	if pred == nil {
		return false
	}
	st := newStatement(nil)
	s := &scope{}
	r := &rangeRef{scope: s, name: t.Name, table: t, sd: sd}
	s.refs = []*rangeRef{r}
	st.expr(s, pred, true)
	return st.classify(pred, r) == live
}

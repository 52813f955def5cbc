package rules

import "github.com/softdelete/softdelete/schema"

// policyFilters reports whether a row-level-security policy that applies to
// SELECT already hides deleted rows of t.
func policyFilters(t *schema.Table, sd *SoftDelete) bool {
	if !t.RLSEnabled {
		return false
	}
	for _, p := range t.Policies {
		if p.Using == nil || (p.Command != "all" && p.Command != "select" && p.Command != "") {
			continue
		}
		st := newStatement(nil)
		s := &scope{}
		r := &rangeRef{scope: s, name: t.Name, table: t, sd: sd}
		s.refs = []*rangeRef{r}
		st.expr(s, p.Using, true)
		if st.classify(p.Using, r) == live {
			return true
		}
	}
	return false
}

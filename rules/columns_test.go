package rules

import (
	"testing"

	"github.com/softdelete/softdelete/schema"
)

// Config names a column as SQL would: quoted exactly, unquoted folded (or
// the quoted column of the same spelling); a difference of case alone is a
// near miss, not a match.
func TestFindColumn(t *testing.T) {
	tbl := &schema.Table{Name: "t", Columns: []*schema.Column{{Name: "deleteat"}, {Name: "deletedAt"}, {Name: "DeleteAt2"}}}
	for name, want := range map[string]string{
		"DeleteAt":      "deleteat",  // folded, as PostgreSQL reads it unquoted
		"deleteat":      "deleteat",  //
		`"deletedAt"`:   "deletedAt", // quoted: exact
		"deletedAt":     "deletedAt", // unquoted, spelled as the quoted column
		`"DeletedAt"`:   "",          // quoted, other case: no match
		"DELETEDAT":     "",          // folds to deletedat: no match
		"DeleteAt2":     "DeleteAt2",
		`"delete""at"`:  "",
		`"`:             "",
		"archived_flag": "",
	} {
		got := ""
		if c := findColumn(tbl, name); c != nil {
			got = c.Name
		}
		if got != want {
			t.Errorf("findColumn(%s) = %q, want %q", name, got, want)
		}
	}
	for name, want := range map[string]string{`"DeletedAt"`: "deletedAt", "DELETEDAT": "deletedAt", "deleteat": "", "nothing": ""} {
		got := ""
		if c := nearMiss(tbl, name); c != nil {
			got = c.Name
		}
		if got != want {
			t.Errorf("nearMiss(%s) = %q, want %q", name, got, want)
		}
	}
}

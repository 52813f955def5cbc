package rules

import (
	"os"
	"strings"
	"testing"
)

// TestEveryRuleDocumented keeps the rule docs whole: each rule has its
// documentation fields and a section in the README.
func TestEveryRuleDocumented(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range All {
		if r.Title == "" || r.Why == "" || r.Bad == "" || r.Good == "" || r.Fix == "" {
			t.Errorf("%s: incomplete documentation", r.ID)
		}
		if !KnownID(r.ID) {
			t.Errorf("%s: not in IDs", r.ID)
		}
		if !strings.Contains(string(readme), "### "+r.ID+"\n") {
			t.Errorf("README has no section for %s", r.ID)
		}
	}
}

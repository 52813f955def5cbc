// Package srcpos finds expected diagnostic positions in test data, so that
// end-to-end tests assert exact columns without hard-coding them.
package srcpos

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Find returns "file:line:col" (1-based) of the first needle on or after
// the first line of root/file that holds anchor.
func Find(t testing.TB, root, file, anchor, needle string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if !strings.Contains(l, anchor) {
			continue
		}
		for j := i; j < len(lines); j++ {
			if c := strings.Index(lines[j], needle); c >= 0 {
				return fmt.Sprintf("%s:%d:%d", file, j+1, c+1)
			}
		}
	}
	t.Fatalf("%s: no %q after %q", file, needle, anchor)
	return ""
}

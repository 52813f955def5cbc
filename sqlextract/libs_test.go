package sqlextract

import (
	"slices"
	"testing"

	"github.com/softdelete/softdelete/internal/libs"
)

// TestLibrariesListed: a library the reconstruction reads must be one
// libs lists, or the module-wide write scan, which reads libs.All, would
// not see the columns the library sets.
func TestLibrariesListed(t *testing.T) {
	for _, l := range libraries {
		if !slices.Contains(libs.All, l.Library) {
			t.Errorf("library %s is not in libs.All", l.Name)
		}
	}
}

package rules

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestObjectName(t *testing.T) {
	long := strings.Repeat("é", 40) // 80 bytes
	for _, tc := range []struct{ table, cols, want string }{
		{"users", "email", "users_email_live"},
		{"workspace_integration_credentials", "workspace_integration_id_external_account_identifier",
			"workspace_integration_credent_workspace_integration_id_ext_live"},
		// The longer part loses bytes first.
		{"t", strings.Repeat("c", 80), "t_" + strings.Repeat("c", 56) + "_live"},
		// A character is never split: 28 bytes of "é" is 14 of them.
		{long, long, strings.Repeat("é", 14) + "_" + strings.Repeat("é", 14) + "_live"},
	} {
		got := objectName(tc.table, tc.cols, "live")
		if got != tc.want {
			t.Errorf("objectName(%q, %q) = %q, want %q", tc.table, tc.cols, got, tc.want)
		}
		if len(got) > maxIdentifierBytes || !utf8.ValidString(got) {
			t.Errorf("objectName(%q, %q) = %q: %d bytes", tc.table, tc.cols, got, len(got))
		}
	}
}

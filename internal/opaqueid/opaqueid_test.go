package opaqueid

import "testing"

func TestDescribe(t *testing.T) {
	got := Describe(`syntax error at or near "` + Prefix + `41"`)
	if want := `syntax error at or near "a part built at run time"`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Describe("no names"); got != "no names" {
		t.Errorf("got %q", got)
	}
}

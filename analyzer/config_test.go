package analyzer

import (
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	good := `
schema: [db/migrations]
columns:
  - {name: deleted_at}
  - {name: is_deleted}
  - {name: DeleteAt, live: "= 0"}
tables: {include: [], exclude: [audit_log]}
rules: {disable: [boolean-flag]}
functions:
  - {func: "example.com/db.(*Store).Query", arg: 1}
postgres-version: 15
cascade: {keep: [events, deliveries.endpoint_id]}
`
	cfg, err := ParseConfig(".softdelete.yml", []byte(good))
	if err != nil {
		t.Fatalf("spec example rejected: %v", err)
	}
	if len(cfg.Columns) != 3 || cfg.Columns[2].Live != "= 0" || cfg.Functions[0].Arg != 1 || cfg.Schema[0] != "db/migrations" {
		t.Errorf("decoded %+v", cfg)
	}
	if len(cfg.Cascade.Keep) != 2 || cfg.Cascade.Keep[1] != "deliveries.endpoint_id" {
		t.Errorf("cascade.keep decoded as %v", cfg.Cascade.Keep)
	}
	if cfg, err := ParseConfig("x", []byte("schema: schema.sql\n")); err != nil || len(cfg.Schema) != 1 {
		t.Errorf("schema as a single string: %v %v", cfg, err)
	}
	if _, err := ParseConfig("x", []byte("")); err != nil {
		t.Errorf("empty config: %v", err)
	}

	bad := []struct{ yaml, want string }{
		{"schemas: [x]", `unknown key "schemas"`},
		{"columns:\n  - {name: deleted_at, life: x}", `unknown key "columns[0].life"`},
		{"rules: {disabled: [x]}", `unknown key "rules.disabled"`},
		{"rules: {disable: [missing-filters]}", `unknown rule "missing-filters"`},
		{"columns:\n  - {live: '= 0'}", "columns[0].name is required"},
		{"columns:\n  - {name: x, live: 'zero'}", `columns[0].live "zero"`},
		{"functions:\n  - {func: f, arg: first}", "cannot unmarshal"},
		{"functions:\n  - {func: f, arg: -1}", "functions[0].arg"},
		{"postgres-version: 3", "postgres-version 3"},
		{"tables: [a, b]", "tables must be a mapping"},
		{"columns: {name: x}", "columns must be a list"},
		{"schema: [", "x:"},
		{"cascade: {keep: ['']}", "cascade.keep[0] is empty"},
		{"cascade: {kept: [x]}", `unknown key "cascade.kept"`},
	}
	for _, c := range bad {
		_, err := ParseConfig("x", []byte(c.yaml))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseConfig(%q) = %v, want error containing %q", c.yaml, err, c.want)
		}
	}
}

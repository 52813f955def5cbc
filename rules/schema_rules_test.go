package rules

import (
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

func schemaFindings(t *testing.T, ddl string, cfg Config) []string {
	t.Helper()
	cat := loadDDL(t, ddl)
	var out []string
	for _, f := range NewChecker(cat, cfg).CheckSchema() {
		out = append(out, f.Rule.ID+": "+f.Message)
	}
	return out
}

func TestSchemaRules(t *testing.T) {
	cases := []struct {
		ddl  string
		cfg  Config
		want []string // substrings, one per finding, in order
	}{
		{"CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE, deleted_at timestamptz);", Config{},
			[]string{"unique-ignores-deleted: unique constraint u_email_key on u (email) counts soft-deleted rows"}},
		{"CREATE TABLE u (id int PRIMARY KEY, email text, deleted_at timestamptz); CREATE UNIQUE INDEX ON u (lower(email));", Config{},
			[]string{"unique-ignores-deleted: unique index u_lower_idx on u (<expression>) counts"}},
		{"CREATE TABLE u (id int PRIMARY KEY, email text, deleted_at timestamptz); CREATE UNIQUE INDEX u_e ON u (email) WHERE deleted_at IS NULL;", Config{}, nil},
		{"CREATE TABLE u (id int PRIMARY KEY, email text, deleted_at timestamptz); CREATE UNIQUE INDEX u_e ON u (email) WHERE deleted_at IS NULL AND email <> '';", Config{}, nil},
		{"CREATE TABLE u (id serial, n int, deleted_at timestamptz, UNIQUE (id, n));", Config{}, nil},
		{"CREATE TABLE u (email text, deleted_at timestamptz, UNIQUE (email, deleted_at));", Config{},
			[]string{"unique-nulls-distinct: unique constraint u_email_deleted_at_key on u (email, deleted_at) includes deleted_at, which is NULL on every live row, and NULLs are distinct: two live rows with the same email are both accepted; declare it UNIQUE NULLS NOT DISTINCT (email, deleted_at), or use CREATE UNIQUE INDEX u_email_live ON u (email) WHERE deleted_at IS NULL"}},
		{"CREATE TABLE u (email text, deleted_at timestamptz, UNIQUE (email, deleted_at));", Config{PostgresVersion: 14},
			[]string{"use CREATE UNIQUE INDEX u_email_live ON u (email) WHERE deleted_at IS NULL (NULLS NOT DISTINCT needs PostgreSQL 15)"}},
		{"CREATE TABLE u (email text, deleted_at timestamptz, UNIQUE NULLS NOT DISTINCT (email, deleted_at));", Config{}, nil},
		// An integer sentinel is NOT NULL: no NULLs to be distinct.
		{`CREATE TABLE p (id text PRIMARY KEY, name text, "DeleteAt" bigint NOT NULL DEFAULT 0, UNIQUE (name, "DeleteAt"));`,
			Config{Columns: []Column{{Name: "DeleteAt", Live: "= 0"}}}, nil},
		{`CREATE TABLE p (id text PRIMARY KEY, name text UNIQUE, "DeleteAt" bigint NOT NULL DEFAULT 0);`,
			Config{Columns: []Column{{Name: "DeleteAt", Live: "= 0"}}},
			[]string{`WHERE "DeleteAt" = 0`}},
		{"CREATE TABLE f (id int PRIMARY KEY, is_deleted boolean NOT NULL DEFAULT false);", Config{},
			[]string{"boolean-flag: f.is_deleted is a boolean soft-delete flag"}},
		{"CREATE TABLE f (id int PRIMARY KEY, deleted boolean);", Config{},
			[]string{"boolean-flag: f.deleted is a boolean soft-delete flag"}},
		// Every soft delete renames the key: freed on delete.
		{"CREATE TABLE w (id int PRIMARY KEY, name text UNIQUE, deleted_at timestamptz);",
			Config{KeyRewrites: func(table, column string) []string {
				if table == "w" && column == "deleted_at" {
					return []string{"name", "updated_at"}
				}
				return nil
			}}, nil},
		// ...another column of the table is rewritten, not the key.
		{"CREATE TABLE w (id int PRIMARY KEY, name text UNIQUE, slug text, deleted_at timestamptz);",
			Config{KeyRewrites: func(string, string) []string { return []string{"slug"} }},
			[]string{"unique-ignores-deleted: unique constraint w_name_key on w (name)"}},
		// Not soft-delete tables: nothing.
		{"CREATE TABLE c (code text PRIMARY KEY, name text UNIQUE);", Config{}, nil},
		{"CREATE TABLE a (id int, email text UNIQUE, deleted_at timestamptz);", Config{Exclude: []string{"a"}}, nil},
	}
	for _, c := range cases {
		got := schemaFindings(t, c.ddl, c.cfg)
		if len(got) != len(c.want) {
			t.Errorf("%s\n\tgot %d findings %q, want %d", c.ddl, len(got), got, len(c.want))
			continue
		}
		for i := range got {
			if !strings.Contains(got[i], c.want[i]) {
				t.Errorf("%s\n\tgot  %s\n\twant %s", c.ddl, got[i], c.want[i])
			}
		}
	}
}

func TestOnConflict(t *testing.T) {
	c := testCatalogFrom(t, `
CREATE TABLE u (id bigserial PRIMARY KEY, email text, org int, deleted_at timestamptz, CONSTRAINT u_org UNIQUE (org));
CREATE UNIQUE INDEX u_email_live ON u (email) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX u_email_org ON u (email, org);`)
	for sql, want := range map[string]string{
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (email) DO NOTHING":                                   "on-conflict-partial@u",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING":          "",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (email) WHERE org > 0 DO NOTHING":                     "on-conflict-partial@u",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (email, org) DO NOTHING":                              "",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (org, email) DO NOTHING":                              "",
		"INSERT INTO u (org) VALUES ($1) ON CONFLICT (org) DO UPDATE SET email = excluded.email":             "",
		"INSERT INTO u (org) VALUES ($1) ON CONFLICT ON CONSTRAINT u_org DO NOTHING":                         "",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT ON CONSTRAINT u_email_live DO NOTHING":                "on-conflict-partial@u",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT ON CONSTRAINT u_pkey DO NOTHING":                      "",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT DO NOTHING":                                           "",
		"INSERT INTO u (email) VALUES ($1) ON CONFLICT (lower(email)) DO NOTHING":                            "",
		"INSERT INTO unknown (email) VALUES ($1) ON CONFLICT (email) DO NOTHING":                             "",
		"WITH x AS (INSERT INTO u (email) VALUES ($1) ON CONFLICT (email) DO NOTHING RETURNING id) SELECT 1": "on-conflict-partial@u",
	} {
		got := ""
		q := pgparse.ParseQuery(sql)
		if q.Err != nil {
			t.Fatal(q.Err)
		}
		for _, f := range c.CheckStatement(q.Tree.Stmts[0]) {
			if f.Rule != OnConflictPartial {
				continue
			}
			got = f.Rule.ID + "@" + sql[f.Offset:f.Offset+1]
			if !strings.Contains(f.Message, " on u ") && !strings.Contains(f.Message, " of u,") {
				t.Errorf("%s: message does not name the table: %s", sql, f.Message)
			}
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", sql, got, want)
		}
	}
}

func testCatalogFrom(t *testing.T, ddl string) *Checker {
	t.Helper()
	return NewChecker(loadDDL(t, ddl), Config{})
}

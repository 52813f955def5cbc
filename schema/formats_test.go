package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/testmod"
)

const plpgsqlFunc = `CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
`

func TestFormats(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		// wantCols are the columns of table users after loading.
		wantCols []string
		check    func(t *testing.T, c *Catalog)
	}{
		{
			name: "golang-migrate",
			files: map[string]string{
				"000001_users.up.sql":     "CREATE TABLE users (id bigserial PRIMARY KEY, email text);",
				"000001_users.down.sql":   "DROP TABLE users;",
				"000002_softdel.up.sql":   "ALTER TABLE users ADD COLUMN deleted_at timestamptz;",
				"000002_softdel.down.sql": "ALTER TABLE users DROP COLUMN deleted_at; CREATE TABLE down_ran (x int);",
			},
			wantCols: []string{"id", "email", "deleted_at"},
			check: func(t *testing.T, c *Catalog) {
				if c.Table("", "down_ran") != nil || len(c.Files) != 2 {
					t.Errorf("a .down.sql file was applied: files %v", c.Files)
				}
			},
		},
		{
			name: "goose",
			files: map[string]string{
				"20230101120000_users.sql": `-- +goose Up
-- +goose StatementBegin
CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);
-- +goose StatementEnd
-- +goose StatementBegin
` + plpgsqlFunc + `-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
DROP TABLE users;
CREATE TABLE down_ran (x int);
-- +goose StatementEnd
`,
				"20230201120000_more.sql": "-- +goose Up\nALTER TABLE users ADD COLUMN name text;\n-- +goose Down\nALTER TABLE users DROP COLUMN name;\n",
			},
			wantCols: []string{"id", "email", "deleted_at", "name"},
		},
		{
			name: "sql-migrate",
			files: map[string]string{
				"1_users.sql": `-- +migrate Up notransaction
CREATE TABLE users (id serial PRIMARY KEY, deleted_at timestamptz);
-- +migrate StatementBegin
` + plpgsqlFunc + `-- +migrate StatementEnd

-- +migrate Down
DROP TABLE users;
`,
			},
			wantCols: []string{"id", "deleted_at"},
		},
		{
			name: "dbmate",
			files: map[string]string{
				"20240101000000_users.sql": "-- migrate:up transaction:false\nCREATE TABLE users (id int, is_deleted boolean NOT NULL DEFAULT false);\n\n-- migrate:down\nDROP TABLE users;\n",
			},
			wantCols: []string{"id", "is_deleted"},
		},
		{
			name: "dbmate down first",
			files: map[string]string{
				"20240101000000_users.sql": "-- migrate:down\nDROP TABLE users;\n-- migrate:up\nCREATE TABLE users (id int);\n",
			},
			wantCols: []string{"id"},
		},
		{
			name: "tern",
			files: map[string]string{
				"001_users.sql": "CREATE TABLE users (id int, deleted_at timestamptz);\n\n---- create above / drop below ----\n\nDROP TABLE users;\n",
			},
			wantCols: []string{"id", "deleted_at"},
		},
		{
			name: "plain schema files",
			files: map[string]string{
				"users.sql": "CREATE TABLE users (id int);\nCREATE TABLE posts (id int, user_id int REFERENCES users);\n",
				"views.sql": "CREATE VIEW live_users AS SELECT * FROM users;\n",
			},
			wantCols: []string{"id"},
			check: func(t *testing.T, c *Catalog) {
				if c.View("", "live_users") == nil {
					t.Error("view missing")
				}
				mustTable(t, c, "", "posts")
			},
		},
		{
			name: "pg_dump",
			files: map[string]string{
				"schema.sql": pgDump,
			},
			wantCols: []string{"id", "email", "deleted_at"},
			check: func(t *testing.T, c *Catalog) {
				users := mustTable(t, c, "public", "users")
				if users.Schema != "public" {
					t.Errorf("schema = %q", users.Schema)
				}
				id := mustColumn(t, users, "id")
				if !id.Generated || id.Type != "int8" {
					t.Errorf("id = %+v, want generated int8", id)
				}
				if len(users.Constraints) != 1 || users.Constraints[0].Kind != PrimaryKey {
					t.Errorf("constraints = %+v", users.Constraints)
				}
				if len(users.Indexes) != 1 || users.Indexes[0].Where == nil {
					t.Errorf("indexes = %+v", users.Indexes)
				}
				if len(users.Triggers) != 1 {
					t.Errorf("triggers = %+v", users.Triggers)
				}
				mustTable(t, c, "", "posts")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testmod.WriteTree(t, tt.files)
			c := loadClean(t, dir)
			users := mustTable(t, c, "", "users")
			if got := columnNames(users); !slices.Equal(got, tt.wantCols) {
				t.Errorf("users columns = %v, want %v", got, tt.wantCols)
			}
			if c.Table("", "down_ran") != nil {
				t.Error("a down section was applied")
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

// pgDump is pg_dump output in the shape of PostgreSQL 17.6: \restrict,
// SET lines, set_config, $_$ bodies, DO, COPY data and \connect.
const pgDump = `--
-- PostgreSQL database dump
--

\restrict abcdef123

-- Dumped from database version 17.6

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

\connect app

CREATE FUNCTION public.set_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
BEGIN
  NEW.updated_at := now(); -- ; inside the body
  RETURN NEW;
END;
$_$;

DO $$ BEGIN PERFORM 1; END $$;

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    deleted_at timestamp with time zone
);

CREATE SEQUENCE public.users_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;
ALTER TABLE ONLY public.users ALTER COLUMN id SET DEFAULT nextval('public.users_id_seq'::regclass);

CREATE TABLE public.posts (id integer NOT NULL, user_id bigint);

COPY public.users (id, email, deleted_at) FROM stdin;
1	a@example.com	\N
2	it's; broken 'quote	2024-01-01 00:00:00+00
\.

COPY public.posts (id, user_id) FROM stdin;
\.

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX users_email_live ON public.users USING btree (email) WHERE (deleted_at IS NULL);

CREATE TRIGGER users_updated BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.set_updated();

\unrestrict abcdef123
`

func TestUpSQLKeepsOffsets(t *testing.T) {
	src := "-- +goose Up\nCREATE TABLE a (x int);\n-- +goose Down\nDROP TABLE a;\n"
	got := string(upSQL([]byte(src)))
	if len(got) != len(src) || strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatalf("upSQL changed the layout: %q", got)
	}
	if strings.Contains(got, "DROP") || !strings.Contains(got, "CREATE TABLE a (x int);") {
		t.Errorf("upSQL = %q", got)
	}
}

func TestSectionMarker(t *testing.T) {
	tests := map[string]marker{
		"-- +goose Up":                           markUp,
		"--+goose DOWN":                          markDown,
		"-- +goose StatementBegin":               markNone,
		"-- +migrate Up notransaction":           markUp,
		"-- +migrate Down":                       markDown,
		"-- migrate:up transaction:false":        markUp,
		"-- migrate:down":                        markDown,
		"---- create above / drop below ----":    markTern,
		"----  create above / drop below  ----":  markTern,
		"-- this migration goes up":              markNone,
		"SELECT 1 -- +goose Down":                markNone,
		"-- +goose":                              markNone,
		"---- create above / drop below ---- x!": markNone,
	}
	for line, want := range tests {
		if got := sectionMarker(line); got != want {
			t.Errorf("sectionMarker(%q) = %v, want %v", line, got, want)
		}
	}
}

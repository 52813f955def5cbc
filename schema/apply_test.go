package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

func TestDDL(t *testing.T) {
	tests := []struct {
		name  string
		sql   string
		check func(t *testing.T, c *Catalog)
	}{
		{
			name: "create table columns",
			sql: `CREATE TABLE users (
				id bigserial PRIMARY KEY,
				uid uuid NOT NULL DEFAULT gen_random_uuid(),
				n int GENERATED ALWAYS AS IDENTITY,
				v4 uuid DEFAULT uuid_generate_v4(),
				email varchar(255) NOT NULL DEFAULT '',
				tags text[],
				is_deleted boolean NOT NULL DEFAULT false,
				deleted_at timestamp with time zone,
				created timestamptz DEFAULT now(),
				stamped timestamp DEFAULT CURRENT_TIMESTAMP,
				day date DEFAULT now(),
				token text DEFAULT md5(random()::text),
				dice int DEFAULT floor(random() * 6),
				total integer GENERATED ALWAYS AS (n * 2) STORED,
				"MixedCase" int NULL
			);`,
			check: func(t *testing.T, c *Catalog) {
				u := mustTable(t, c, "", "users")
				want := []struct {
					name, typ, def string
					notNull, gen   bool
				}{
					{"id", "int8", "nextval('users_id_seq'::regclass)", true, true},
					{"uid", "uuid", "gen_random_uuid()", true, true},
					{"n", "int4", "", true, true},
					{"v4", "uuid", "uuid_generate_v4()", false, true},
					{"email", "varchar", "''", true, false},
					{"tags", "text[]", "", false, false},
					{"is_deleted", "bool", "false", true, false},
					{"deleted_at", "timestamptz", "", false, false},
					{"created", "timestamptz", "now()", false, true},
					{"stamped", "timestamp", "current_timestamp", false, true},
					{"day", "date", "now()", false, false},
					{"token", "text", "md5(random()::text)", false, true},
					{"dice", "int4", "floor(random() * 6)", false, false},
					{"total", "int4", "", false, false},
					{"MixedCase", "int4", "", false, false},
				}
				if len(u.Columns) != len(want) {
					t.Fatalf("columns = %v", columnNames(u))
				}
				for i, w := range want {
					got := u.Columns[i]
					if got.Name != w.name || got.Type != w.typ || got.Default != w.def || got.NotNull != w.notNull || got.Generated != w.gen {
						t.Errorf("column %d = %+v, want %+v", i, got, w)
					}
				}
			},
		},
		{
			name: "inline and table constraints",
			sql: `CREATE TABLE orgs (id int PRIMARY KEY);
			CREATE TABLE users (
				id int,
				org_id int REFERENCES orgs ON DELETE CASCADE,
				email text UNIQUE,
				age int CHECK (age > 0),
				deleted_at timestamptz,
				CONSTRAINT users_pk PRIMARY KEY (id),
				UNIQUE NULLS NOT DISTINCT (email, deleted_at),
				CONSTRAINT fk_org FOREIGN KEY (org_id) REFERENCES public.orgs (id) ON DELETE SET NULL
			);`,
			check: func(t *testing.T, c *Catalog) {
				u := mustTable(t, c, "", "users")
				if !mustColumn(t, u, "id").NotNull {
					t.Error("primary key column not NOT NULL")
				}
				ks := u.Constraints
				if len(ks) != 6 {
					t.Fatalf("constraints = %+v", ks)
				}
				want := []struct {
					kind    ConstraintKind
					name    string
					cols    []string
					nnd     bool
					ref     string
					refCols []string
					onDel   string
				}{
					{ForeignKey, "", []string{"org_id"}, false, "orgs", []string{"id"}, "cascade"},
					{Unique, "", []string{"email"}, false, "", nil, ""},
					{Check, "", []string{"age"}, false, "", nil, ""},
					{PrimaryKey, "users_pk", []string{"id"}, false, "", nil, ""},
					{Unique, "", []string{"email", "deleted_at"}, true, "", nil, ""},
					{ForeignKey, "fk_org", []string{"org_id"}, false, "orgs", []string{"id"}, "set null"},
				}
				for i, w := range want {
					k := ks[i]
					if k.Kind != w.kind || k.Name != w.name || !slices.Equal(k.Columns, w.cols) || k.NullsNotDistinct != w.nnd ||
						k.RefTable != w.ref || !slices.Equal(k.RefColumns, w.refCols) || k.OnDelete != w.onDel {
						t.Errorf("constraint %d = %+v, want %+v", i, k, w)
					}
				}
				if ks[5].RefSchema != "public" {
					t.Errorf("RefSchema = %q", ks[5].RefSchema)
				}
			},
		},
		{
			name: "create table if not exists keeps the first",
			sql:  "CREATE TABLE t (a int); CREATE TABLE IF NOT EXISTS t (b int);",
			check: func(t *testing.T, c *Catalog) {
				if got := columnNames(mustTable(t, c, "", "t")); !slices.Equal(got, []string{"a"}) {
					t.Errorf("columns = %v", got)
				}
			},
		},
		{
			name: "like, inherits and partition of",
			sql: `CREATE TABLE base (id int PRIMARY KEY, deleted_at timestamptz DEFAULT NULL);
			CREATE TABLE copy1 (LIKE base INCLUDING ALL, extra int);
			CREATE TABLE copy2 (LIKE base);
			CREATE TABLE child (x int) INHERITS (base);
			CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
			CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
			check: func(t *testing.T, c *Catalog) {
				for name, want := range map[string][]string{
					"copy1":       {"id", "deleted_at", "extra"},
					"copy2":       {"id", "deleted_at"},
					"child":       {"id", "deleted_at", "x"},
					"events_2024": {"id", "at"},
				} {
					if got := columnNames(mustTable(t, c, "", name)); !slices.Equal(got, want) {
						t.Errorf("%s columns = %v, want %v", name, got, want)
					}
				}
				if ks := mustTable(t, c, "", "copy1").Constraints; len(ks) != 1 || ks[0].Kind != PrimaryKey {
					t.Errorf("LIKE INCLUDING ALL constraints = %+v", ks)
				}
				if ks := mustTable(t, c, "", "copy2").Constraints; len(ks) != 0 {
					t.Errorf("plain LIKE copied constraints %+v", ks)
				}
			},
		},
		{
			name: "like copies indexes without sharing them",
			sql: `CREATE TABLE base (email text, deleted_at timestamptz);
			CREATE UNIQUE INDEX base_live ON base (email) WHERE deleted_at IS NULL;
			CREATE TABLE copy (LIKE base INCLUDING INDEXES);
			ALTER TABLE copy RENAME COLUMN deleted_at TO gone_at;`,
			check: func(t *testing.T, c *Catalog) {
				src, cp := mustTable(t, c, "", "base").Indexes[0], mustTable(t, c, "", "copy").Indexes[0]
				if got := columnRefs(src.Where); !slices.Equal(got, []string{"deleted_at"}) {
					t.Errorf("source predicate renamed: %v", got)
				}
				if got := columnRefs(cp.Where); !slices.Equal(got, []string{"gone_at"}) || cp.Name != "" || cp.implicitName != "copy_email_idx" {
					t.Errorf("copy = %+v, predicate %v", cp, got)
				}
			},
		},
		{
			name: "alter table columns",
			sql: `CREATE TABLE t (a int, b int, c int, d text DEFAULT 'x', e int);
			ALTER TABLE t ADD COLUMN deleted_at timestamptz, ADD COLUMN IF NOT EXISTS a text;
			ALTER TABLE t DROP COLUMN b;
			ALTER TABLE t RENAME COLUMN c TO c2;
			ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN a SET DEFAULT nextval('s');
			ALTER TABLE t ALTER COLUMN d DROP DEFAULT;
			ALTER TABLE t ALTER COLUMN e TYPE bigint, ALTER COLUMN e SET NOT NULL;
			ALTER TABLE t ALTER COLUMN e DROP NOT NULL;
			ALTER TABLE t ENABLE ROW LEVEL SECURITY;
			ALTER TABLE IF EXISTS missing ADD COLUMN x int;
			ALTER TABLE missing2 DROP COLUMN x;`,
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				if got := columnNames(tb); !slices.Equal(got, []string{"a", "c2", "d", "e", "deleted_at"}) {
					t.Errorf("columns = %v", got)
				}
				if a := tb.Column("a"); a.Type != "int4" || !a.NotNull || !a.Generated || a.Default != "nextval('s')" {
					t.Errorf("a = %+v", a)
				}
				if d := tb.Column("d"); d.Default != "" {
					t.Errorf("d default = %q", d.Default)
				}
				if e := tb.Column("e"); e.Type != "int8" || e.NotNull {
					t.Errorf("e = %+v", e)
				}
				if !tb.RLSEnabled {
					t.Error("RLS not enabled")
				}
			},
		},
		{
			name: "drop default of serial is no longer generated",
			sql:  "CREATE TABLE t (id serial, n int GENERATED BY DEFAULT AS IDENTITY); ALTER TABLE t ALTER COLUMN id DROP DEFAULT, ALTER COLUMN n DROP DEFAULT;",
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				if tb.Column("id").Generated || !tb.Column("n").Generated {
					t.Errorf("columns = %+v %+v", tb.Column("id"), tb.Column("n"))
				}
			},
		},
		{
			name: "add and drop constraints by implicit names",
			sql: `CREATE TABLE p (id int PRIMARY KEY);
			CREATE TABLE t (id int PRIMARY KEY, email text UNIQUE, p_id int REFERENCES p(id), n int CHECK (n > 0));
			ALTER TABLE t ADD CONSTRAINT t_email_live UNIQUE (email, id);
			ALTER TABLE t ADD FOREIGN KEY (n) REFERENCES p ON DELETE RESTRICT;
			ALTER TABLE t DROP CONSTRAINT t_email_key;
			ALTER TABLE t DROP CONSTRAINT t_p_id_fkey, DROP CONSTRAINT t_n_check;
			ALTER TABLE t DROP CONSTRAINT IF EXISTS nothing_here;`,
			check: func(t *testing.T, c *Catalog) {
				ks := mustTable(t, c, "", "t").Constraints
				var got []string
				for _, k := range ks {
					got = append(got, k.Name+"/"+k.implicitName+"/"+k.OnDelete)
				}
				want := []string{"/t_pkey/", "t_email_live/t_email_id_key/", "/t_n_fkey/restrict"}
				if !slices.Equal(got, want) {
					t.Errorf("constraints = %v, want %v", got, want)
				}
			},
		},
		{
			name: "unique using index",
			sql: `CREATE TABLE t (email text);
			CREATE UNIQUE INDEX CONCURRENTLY t_email_idx ON t (email);
			ALTER TABLE t ADD CONSTRAINT t_email_uniq UNIQUE USING INDEX t_email_idx;`,
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				if len(tb.Indexes) != 0 || len(tb.Constraints) != 1 || tb.Constraints[0].Name != "t_email_uniq" ||
					!slices.Equal(tb.Constraints[0].Columns, []string{"email"}) {
					t.Errorf("indexes %+v constraints %+v", tb.Indexes, tb.Constraints)
				}
			},
		},
		{
			name: "rename and drop tables",
			sql: `CREATE TABLE a (id int PRIMARY KEY);
			CREATE TABLE b (a_id int REFERENCES a);
			CREATE TABLE gone (id int);
			ALTER TABLE a RENAME TO accounts;
			DROP TABLE gone, IF_NOT_HERE_IS_FINE;
			DROP TABLE IF EXISTS never;`,
			check: func(t *testing.T, c *Catalog) {
				if got := tableNames(c); !slices.Equal(got, []string{"accounts", "b"}) {
					t.Errorf("tables = %v", got)
				}
				if k := mustTable(t, c, "", "b").Constraints[0]; k.RefTable != "accounts" {
					t.Errorf("foreign key not renamed: %+v", k)
				}
			},
		},
		{
			name: "drop table cascade drops foreign keys",
			sql:  "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (a_id int REFERENCES a, x int); DROP TABLE a CASCADE;",
			check: func(t *testing.T, c *Catalog) {
				if ks := mustTable(t, c, "", "b").Constraints; len(ks) != 0 {
					t.Errorf("constraints = %+v", ks)
				}
			},
		},
		{
			name: "indexes",
			sql: `CREATE TABLE users (id int, email text, org int, deleted_at timestamptz);
			CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_live ON users (email) WHERE deleted_at IS NULL;
			CREATE UNIQUE INDEX IF NOT EXISTS users_email_live ON users (id);
			CREATE UNIQUE INDEX users_lower ON ONLY users USING btree (lower(email), org) NULLS NOT DISTINCT;
			CREATE INDEX ON users (org);
			CREATE INDEX users_tmp ON users (id);
			DROP INDEX users_tmp;
			DROP INDEX CONCURRENTLY IF EXISTS users_org_idx;
			CREATE INDEX ON nowhere (x);`,
			check: func(t *testing.T, c *Catalog) {
				ix := mustTable(t, c, "", "users").Indexes
				if len(ix) != 2 {
					t.Fatalf("indexes = %+v", ix)
				}
				if ix[0].Name != "users_email_live" || !ix[0].Unique || !slices.Equal(ix[0].Columns, []string{"email"}) || ix[0].Where.GetNullTest() == nil {
					t.Errorf("index 0 = %+v", ix[0])
				}
				if ix[1].Name != "users_lower" || !ix[1].NullsNotDistinct || !slices.Equal(ix[1].Columns, []string{"", "org"}) || ix[1].Where != nil {
					t.Errorf("index 1 = %+v", ix[1])
				}
			},
		},
		{
			name: "drop column drops its indexes and constraints",
			sql: `CREATE TABLE t (id int PRIMARY KEY, email text, deleted_at timestamptz, UNIQUE (email, deleted_at));
			CREATE UNIQUE INDEX t_live ON t (email) WHERE deleted_at IS NULL;
			CREATE INDEX t_id ON t (id);
			ALTER TABLE t DROP COLUMN deleted_at;`,
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				if len(tb.Constraints) != 1 || len(tb.Indexes) != 1 || tb.Indexes[0].Name != "t_id" {
					t.Errorf("constraints %+v indexes %+v", tb.Constraints, tb.Indexes)
				}
			},
		},
		{
			name: "rename column follows into constraints, indexes and predicates",
			sql: `CREATE TABLE t (id int, email text, deleted_at timestamptz, UNIQUE (email));
			CREATE UNIQUE INDEX t_live ON t (email) WHERE deleted_at IS NULL;
			ALTER TABLE t RENAME COLUMN deleted_at TO removed_at;
			ALTER TABLE t RENAME COLUMN email TO mail;
			ALTER INDEX t_live RENAME TO t_live_mail;
			ALTER TABLE t RENAME CONSTRAINT t_email_key TO t_mail_key;`,
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				ix := tb.Indexes[0]
				if ix.Name != "t_live_mail" || !slices.Equal(ix.Columns, []string{"mail"}) {
					t.Errorf("index = %+v", ix)
				}
				if got := columnRefs(ix.Where); !slices.Equal(got, []string{"removed_at"}) {
					t.Errorf("predicate columns = %v", got)
				}
				if k := tb.Constraints[0]; k.Name != "t_mail_key" || !slices.Equal(k.Columns, []string{"mail"}) {
					t.Errorf("constraint = %+v", k)
				}
			},
		},
		{
			name: "views",
			sql: `CREATE TABLE users (id int, deleted_at timestamptz);
			CREATE VIEW live_users AS SELECT * FROM users WHERE deleted_at IS NULL;
			CREATE OR REPLACE VIEW live_users (uid) AS SELECT id FROM users WHERE deleted_at IS NULL;
			CREATE VIEW app.v AS SELECT 1;
			CREATE VIEW gone AS SELECT 1;
			DROP VIEW gone;
			CREATE MATERIALIZED VIEW mv AS SELECT id FROM users;
			ALTER VIEW app.v RENAME TO v2;`,
			check: func(t *testing.T, c *Catalog) {
				v := c.View("", "live_users")
				if v == nil || !slices.Equal(v.Columns, []string{"uid"}) || v.Query.GetSelectStmt() == nil || v.Materialized {
					t.Fatalf("view = %+v", v)
				}
				if c.View("", "gone") != nil || c.View("app", "v") != nil || c.View("app", "v2") == nil {
					t.Errorf("views = %v", c.Views)
				}
				if mv := c.View("", "mv"); mv == nil || !mv.Materialized {
					t.Errorf("matview = %+v", mv)
				}
			},
		},
		{
			name: "triggers",
			sql: `CREATE TABLE t (id int, deleted_at timestamptz);
			CREATE TRIGGER cascade_soft_delete AFTER UPDATE OF deleted_at ON t FOR EACH ROW EXECUTE FUNCTION app.cascade();
			CREATE TRIGGER a BEFORE INSERT OR UPDATE OR DELETE ON public.t FOR EACH ROW EXECUTE PROCEDURE touch();
			CREATE TRIGGER b BEFORE TRUNCATE ON t EXECUTE FUNCTION nope();
			CREATE OR REPLACE TRIGGER a AFTER DELETE ON t FOR EACH ROW EXECUTE FUNCTION touch();
			DROP TRIGGER b ON t;
			ALTER TABLE t RENAME COLUMN deleted_at TO removed_at;`,
			check: func(t *testing.T, c *Catalog) {
				trs := mustTable(t, c, "", "t").Triggers
				if len(trs) != 2 {
					t.Fatalf("triggers = %+v", trs)
				}
				if tr := trs[0]; tr.Name != "cascade_soft_delete" || tr.Timing != "after" || !slices.Equal(tr.Events, []string{"update"}) ||
					!slices.Equal(tr.UpdateColumns, []string{"removed_at"}) || tr.Function != "app.cascade" {
					t.Errorf("trigger 0 = %+v", tr)
				}
				if tr := trs[1]; tr.Name != "a" || tr.Timing != "after" || !slices.Equal(tr.Events, []string{"delete"}) || tr.Function != "touch" {
					t.Errorf("trigger 1 = %+v", tr)
				}
			},
		},
		{
			name: "trigger events and timing",
			sql: `CREATE TABLE t (id int);
			CREATE TRIGGER a BEFORE INSERT OR UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION f();`,
			check: func(t *testing.T, c *Catalog) {
				tr := mustTable(t, c, "", "t").Triggers[0]
				if tr.Timing != "before" || !slices.Equal(tr.Events, []string{"insert", "update", "delete"}) {
					t.Errorf("trigger = %+v", tr)
				}
			},
		},
		{
			name: "policies",
			sql: `CREATE TABLE t (id int, deleted_at timestamptz);
			ALTER TABLE t ENABLE ROW LEVEL SECURITY;
			CREATE POLICY live ON t USING (deleted_at IS NULL);
			CREATE POLICY upd ON t FOR UPDATE USING (true);
			CREATE POLICY gone ON t FOR DELETE USING (false);
			DROP POLICY gone ON t;`,
			check: func(t *testing.T, c *Catalog) {
				tb := mustTable(t, c, "", "t")
				if len(tb.Policies) != 2 || !tb.RLSEnabled {
					t.Fatalf("policies = %+v", tb.Policies)
				}
				if p := tb.Policies[0]; p.Name != "live" || p.Command != "all" || p.Using.GetNullTest() == nil {
					t.Errorf("policy 0 = %+v", p)
				}
				if p := tb.Policies[1]; p.Command != "update" {
					t.Errorf("policy 1 = %+v", p)
				}
			},
		},
		{
			name: "rules",
			sql: `CREATE TABLE t (id int, deleted_at timestamptz);
			CREATE RULE soft_delete AS ON DELETE TO t DO INSTEAD UPDATE t SET deleted_at = now() WHERE id = OLD.id;
			CREATE RULE r2 AS ON INSERT TO t DO ALSO NOTHING;
			DROP RULE r2 ON t;`,
			check: func(t *testing.T, c *Catalog) {
				rs := mustTable(t, c, "", "t").Rules
				if len(rs) != 1 || rs[0].Name != "soft_delete" || rs[0].Event != "delete" || !rs[0].Instead || len(rs[0].Actions) != 1 {
					t.Errorf("rules = %+v", rs)
				}
			},
		},
		{
			name: "qualified and quoted names",
			sql: `CREATE SCHEMA app;
			CREATE TABLE public.users (id int);
			CREATE TABLE app.users (id int);
			CREATE TABLE "Accounts" ("ID" int, "deleted_at" timestamptz);
			CREATE TABLE app."Mixed Name" (x int);
			ALTER TABLE users ADD COLUMN email text;
			ALTER TABLE app.users ADD COLUMN app_only int;
			ALTER TABLE "Accounts" ADD COLUMN "Note" text;
			ALTER TABLE accounts ADD COLUMN folded int;
			ALTER TABLE app.users SET SCHEMA archive;`,
			check: func(t *testing.T, c *Catalog) {
				if got := tableNames(c); !slices.Equal(got, []string{"Accounts", "app.Mixed Name", "archive.users", "users"}) {
					t.Errorf("tables = %v", got)
				}
				if got := columnNames(mustTable(t, c, "", "users")); !slices.Equal(got, []string{"id", "email"}) {
					t.Errorf("public.users columns = %v", got)
				}
				if got := columnNames(mustTable(t, c, "archive", "users")); !slices.Equal(got, []string{"id", "app_only"}) {
					t.Errorf("archive.users columns = %v", got)
				}
				if got := columnNames(mustTable(t, c, "public", "Accounts")); !slices.Equal(got, []string{"ID", "deleted_at", "Note"}) {
					t.Errorf("Accounts columns = %v", got)
				}
			},
		},
		{
			name: "statements that are not modelled are skipped",
			sql: `CREATE EXTENSION IF NOT EXISTS pgcrypto;
			CREATE TYPE mood AS ENUM ('a', 'b');
			CREATE TABLE t (m mood, id int);
			COMMENT ON TABLE t IS 'x';
			GRANT SELECT ON t TO public;
			INSERT INTO t VALUES ('a', 1);
			CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;
			CREATE TABLE t2 AS SELECT * FROM t;
			ALTER TABLE t OWNER TO app;`,
			check: func(t *testing.T, c *Catalog) {
				if got := tableNames(c); !slices.Equal(got, []string{"t"}) {
					t.Errorf("tables = %v", got)
				}
				if m := mustTable(t, c, "", "t").Column("m"); m.Type != "mood" {
					t.Errorf("m = %+v", m)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, loadSQL(t, tt.sql))
		})
	}
}

func TestObjectName(t *testing.T) {
	long := "a_table_name_that_is_rather_long_for_postgres_identifier_limits"
	tests := []struct{ n1, n2, label, want string }{
		{"users", "", "pkey", "users_pkey"},
		{"users", "email_deleted_at", "key", "users_email_deleted_at_key"},
		{long, "org_id", "fkey", "a_table_name_that_is_rather_long_for_postgres_ident_org_id_fkey"},
		{"workspace_integration_credentials", "workspace_integration_id_external_account_identifier", "live",
			"workspace_integration_credent_workspace_integration_id_ext_live"},
		// A character is never split: 28 bytes of "é" is 14 of them.
		{strings.Repeat("é", 40), strings.Repeat("é", 40), "live", strings.Repeat("é", 14) + "_" + strings.Repeat("é", 14) + "_live"},
	}
	for _, tt := range tests {
		got := ObjectName(tt.n1, tt.n2, tt.label)
		if got != tt.want || len(got) > maxIdentifier {
			t.Errorf("ObjectName(%q, %q, %q) = %q, want %q", tt.n1, tt.n2, tt.label, got, tt.want)
		}
	}
}

func TestDeparseExpr(t *testing.T) {
	tree, err := pgparse.Parse("SELECT 'x'::text, now() + interval '1 day', CASE WHEN true THEN 1 END")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rt := range tree.Stmts[0].Stmt.GetSelectStmt().TargetList {
		got = append(got, deparse(rt.GetResTarget().Val))
	}
	want := []string{"'x'::text", "now() + '1 day'::interval", "CASE WHEN true THEN 1 END"}
	if !slices.Equal(got, want) {
		t.Errorf("deparse = %q, want %q", got, want)
	}
}

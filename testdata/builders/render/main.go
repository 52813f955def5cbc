// Command render runs every exported method of the builder test stores
// against a recording connection and prints, as JSON, the SQL each one
// made its library send: the libraries' own rendering of the test
// chains, which the analyzer's reconstruction is checked against
// (analyzer/builders_test.go). Parameters get true, "x", 1 or their zero
// value, so a filter under a flag is rendered on the path that adds it.
// Each statement comes with the arguments sent with it, so that constants
// are compared as constants. A method that panics fails the run: a chain
// the library cannot render is a broken test case, not one to skip.
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"example.com/builders/bunconn"
	"example.com/builders/bunstore"
	"example.com/builders/goqustore"
	"example.com/builders/gormapi"
	"example.com/builders/gormauto"
	"example.com/builders/gormstore"
	"example.com/builders/modelstore"
	"example.com/builders/sqrepo"
	"example.com/builders/sqstore"
)

var errRecorded = errors.New("recorded")

// rendering is the output: the statements each method sent, and the
// methods that stopped at an error.
type rendering struct {
	Sent    map[string][]statement `json:"sent"`
	Stopped map[string]bool        `json:"stopped"`
}

// statement is one statement a library sent: its SQL and, when the
// library sends them apart, its arguments.
type statement struct {
	SQL  string `json:"sql"`
	Args []any  `json:"args,omitempty"`
}

// recorder is a connection that records the SQL it is sent.
type recorder struct {
	sent []statement
	// args are the arguments gorm's logger was given for the statement
	// it is about to record.
	args []any
}

func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.sent = append(r.sent, statement{query, args})
	return nil, errRecorded
}

// ExecContext succeeds, so that a method goes on to its next statement
// as it does after a write that worked.
func (r *recorder) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r.sent = append(r.sent, statement{query, args})
	return driver.RowsAffected(0), nil
}

func (r *recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.sent = append(r.sent, statement{query, args})
	return nil
}

func (r *recorder) Exec(query string, args ...any) (sql.Result, error) {
	return r.ExecContext(context.Background(), query, args...)
}

func (r *recorder) Query(query string, args ...any) (*sql.Rows, error) {
	return r.QueryContext(context.Background(), query, args...)
}

func (r *recorder) QueryRow(query string, args ...any) *sql.Row {
	return r.QueryRowContext(context.Background(), query, args...)
}

// argFor returns the value passed for a parameter of type t.
func argFor(t reflect.Type) reflect.Value {
	if t == reflect.TypeFor[context.Context]() {
		return reflect.ValueOf(context.Background())
	}
	switch t.Kind() {
	case reflect.Bool:
		return reflect.ValueOf(true).Convert(t)
	case reflect.String:
		return reflect.ValueOf("x").Convert(t)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflect.ValueOf(int64(1)).Convert(t)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return reflect.ValueOf(uint64(1)).Convert(t)
	}
	return reflect.Zero(t)
}

// panics lists the methods that panicked.
var panics []string

// stopped are the methods that returned an error: the statements they
// would have sent after the failed one are not recorded.
var stopped = map[string]bool{}

// callAll calls every exported method of store and records what each sent
// under "pkg.Method".
func callAll(pkg string, store any, rec *recorder, out map[string][]statement) {
	v := reflect.ValueOf(store)
	t := v.Type()
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		args := []reflect.Value{v}
		for j := 1; j < m.Type.NumIn(); j++ {
			args = append(args, argFor(m.Type.In(j)))
		}
		rec.sent = nil
		var results []reflect.Value
		func() {
			defer func() {
				if p := recover(); p != nil {
					panics = append(panics, fmt.Sprintf("%s.%s: %v", pkg, m.Name, p))
				}
			}()
			results = m.Func.Call(args)
		}()
		if len(rec.sent) > 0 {
			out[pkg+"."+m.Name] = append([]statement(nil), rec.sent...)
			// A read fails on the recording connection: a method that
			// returns an error stopped at it, before its later statements.
			if n := len(results); n > 0 && results[n-1].Type() == reflect.TypeFor[error]() && !results[n-1].IsNil() {
				stopped[pkg+"."+m.Name] = true
			}
		}
	}
}

// callFuncs records what each of a package's functions sent, called as
// fns calls them.
func callFuncs(pkg string, fns map[string]func(), rec *recorder, out map[string][]statement) {
	for name, call := range fns {
		rec.sent = nil
		call()
		if len(rec.sent) > 0 {
			out[pkg+"."+name] = append([]statement(nil), rec.sent...)
		}
	}
}

func main() {
	out := map[string][]statement{}
	rec := &recorder{}
	callAll("sqstore", sqstore.New(rec), rec, out)
	callAll("sqrepo", sqrepo.New(rec), rec, out)
	callAll("sqrepo", sqrepo.NewOrderStore(rec), rec, out)
	// goqu: the stores send the text ToSQL renders to the recorder.
	callAll("goqustore", goqustore.New(rec), rec, out)

	// gorm: a dry-run session (no connection) whose logger records the
	// SQL of each statement, placeholders and all.
	gdb, err := gorm.Open(postgres.New(postgres.Config{DSN: "host=127.0.0.1 port=1"}), &gorm.Config{
		DryRun: true, DisableAutomaticPing: true, SkipDefaultTransaction: true, Logger: gormRecorder{rec},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	callAll("gormstore", gormstore.New(gdb), rec, out)
	callAll("gormapi", gormapi.New(gdb), rec, out)
	callAll("gormauto", gormauto.New(gdb), rec, out)

	// bun: a query hook records each statement before it fails to reach
	// a server that is not there (bun renders the arguments inline).
	sqldb, err := sql.Open("pgx", "host=127.0.0.1 port=1 connect_timeout=1")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bdb := bun.NewDB(sqldb, pgdialect.New())
	bdb.AddQueryHook(bunRecorder{rec})
	callAll("bunstore", bunstore.New(bdb), rec, out)
	callAll("modelstore", modelstore.New(bdb, gdb), rec, out)
	// Helpers given a connection send queries of their own.
	ctx := context.Background()
	callFuncs("bunconn", map[string]func(){
		"CountNotes":     func() { bunconn.CountNotes(ctx, bdb) },
		"CountLiveNotes": func() { bunconn.CountLiveNotes(ctx, bdb) },
	}, rec, out)

	if len(panics) > 0 {
		for _, p := range panics {
			fmt.Fprintln(os.Stderr, "panic:", p)
		}
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rendering{Sent: out, Stopped: stopped}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var explained = regexp.MustCompile(`\$(\d+)\$`)

// gormRecorder is a gorm logger that records each statement's SQL.
type gormRecorder struct{ rec *recorder }

func (g gormRecorder) LogMode(logger.LogLevel) logger.Interface { return g }
func (gormRecorder) Info(context.Context, string, ...any)       {}
func (gormRecorder) Warn(context.Context, string, ...any)       {}
func (gormRecorder) Error(context.Context, string, ...any)      {}

func (g gormRecorder) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	g.rec.args = nil
	sql, _ := fc() // calls ParamsFilter, which keeps the arguments
	// Explain without values leaves "$1$": back to "$1".
	g.rec.sent = append(g.rec.sent, statement{explained.ReplaceAllString(sql, "$$$1"), g.rec.args})
}

// ParamsFilter keeps the placeholders (the SQL as gorm sends it) and
// records the arguments apart.
func (g gormRecorder) ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any) {
	g.rec.args = params
	return sql, nil
}

// bunRecorder is a bun query hook that records each statement.
type bunRecorder struct{ rec *recorder }

func (b bunRecorder) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context {
	b.rec.sent = append(b.rec.sent, statement{SQL: e.Query}) // arguments inline
	return ctx
}

func (bunRecorder) AfterQuery(context.Context, *bun.QueryEvent) {}

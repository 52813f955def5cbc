// Command render runs every exported method of the builder test stores
// against a recording connection and prints, as JSON, the SQL each one
// made its library send: the libraries' own rendering of the test
// chains, which the analyzer's reconstruction is checked against
// (analyzer/builders_test.go). Parameters get true, "x", 1 or their zero
// value, so a filter under a flag is rendered on the path that adds it.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"

	"example.com/builders/sqstore"
)

var errRecorded = errors.New("recorded")

// recorder is a connection that records the SQL it is sent.
type recorder struct{ sent []string }

func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.sent = append(r.sent, query)
	return nil, errRecorded
}

func (r *recorder) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r.sent = append(r.sent, query)
	return nil, errRecorded
}

func (r *recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.sent = append(r.sent, query)
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
	}
	return reflect.Zero(t)
}

// callAll calls every exported method of store and records what each sent
// under "pkg.Method".
func callAll(pkg string, store any, rec *recorder, out map[string][]string) {
	v := reflect.ValueOf(store)
	t := v.Type()
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		args := []reflect.Value{v}
		for j := 1; j < m.Type.NumIn(); j++ {
			args = append(args, argFor(m.Type.In(j)))
		}
		rec.sent = nil
		func() {
			defer func() { recover() }()
			m.Func.Call(args)
		}()
		if len(rec.sent) > 0 {
			out[pkg+"."+m.Name] = append([]string(nil), rec.sent...)
		}
	}
}

func main() {
	out := map[string][]string{}
	rec := &recorder{}
	callAll("sqstore", sqstore.New(rec), rec, out)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

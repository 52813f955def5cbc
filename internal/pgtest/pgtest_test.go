package pgtest

import (
	"context"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func TestOpen(t *testing.T) {
	conn := Open(t)
	var v string
	if err := conn.QueryRow(context.Background(), "SHOW server_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	t.Logf("PostgreSQL %s", v)
	other := Open(t)
	if _, err := conn.Exec(context.Background(), "CREATE TABLE x (id int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(context.Background(), "CREATE TABLE x (id int)"); err != nil {
		t.Errorf("databases are not separate: %v", err)
	}
}

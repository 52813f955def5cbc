package schema

import (
	"slices"
	"testing"

	"github.com/softdelete/softdelete/internal/testmod"
)

// loadClean loads paths and fails the test on any error.
func loadClean(t *testing.T, paths ...string) *Catalog {
	t.Helper()
	c, err := Load(paths)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, e := range c.Errors {
		t.Errorf("unexpected load error: %v", e)
	}
	return c
}

// loadSQL loads one migration file with the given content.
func loadSQL(t *testing.T, sql string) *Catalog {
	t.Helper()
	dir := testmod.WriteTree(t, map[string]string{"001_schema.sql": sql})
	return loadClean(t, dir)
}

// mustTable returns a table or fails the test.
func mustTable(t *testing.T, c *Catalog, schemaName, name string) *Table {
	t.Helper()
	tb := c.Table(schemaName, name)
	if tb == nil {
		t.Fatalf("table %s missing; have %v", Key(schemaName, name), tableNames(c))
	}
	return tb
}

// mustColumn returns a column or fails the test.
func mustColumn(t *testing.T, tb *Table, name string) *Column {
	t.Helper()
	col := tb.Column(name)
	if col == nil {
		t.Fatalf("column %s.%s missing", tb.Name, name)
	}
	return col
}

func tableNames(c *Catalog) []string {
	var names []string
	for k := range c.Tables {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

func columnNames(tb *Table) []string {
	var names []string
	for _, c := range tb.Columns {
		names = append(names, c.Name)
	}
	return names
}

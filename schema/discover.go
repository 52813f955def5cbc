package schema

import (
	"os"
	"path/filepath"

	"github.com/softdelete/softdelete/internal/sqlcconf"
)

// conventionalPaths are where Go projects keep migrations or a schema
// dump, in the order Discover tries them.
var conventionalPaths = []string{
	"migrations",
	"db/migrations",
	"db/migrate",
	"sql/migrations",
	"schema.sql",
	"db/schema.sql",
}

// Discover finds the schema of the module rooted at moduleRoot, for when
// neither the -schema flag nor the config file names one: the PostgreSQL
// schema paths of the module's sqlc config (sqlc.yaml, sqlc.yml or
// sqlc.json; version 1 packages[].schema and version 2 sql[].schema, a
// path or a list, relative to the config file), else the first of
// migrations/, db/migrations/, db/migrate/, sql/migrations/, schema.sql and
// db/schema.sql that exists. Paths that do not exist are left out. The
// result is absolute paths for Load, or nil when there is no schema.
func Discover(moduleRoot string) []string {
	return discover(moduleRoot)
}

// DiscoveryPlaces names, in order, where Discover looks, for messages.
func DiscoveryPlaces() []string {
	return append([]string{"the schema paths of sqlc.yaml, sqlc.yml or sqlc.json"}, conventionalPaths...)
}

func discover(moduleRoot string) []string {
	root, err := filepath.Abs(moduleRoot)
	if err != nil {
		return nil
	}
	if cfgPath, cfg := sqlcconf.Find(root); cfgPath != "" {
		// sqlc reads only the first config it finds.
		if paths := sqlcSchemaPaths(filepath.Dir(cfgPath), cfg); len(paths) > 0 {
			return paths
		}
	}
	for _, p := range conventionalPaths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if _, err := os.Stat(full); err == nil {
			return []string{full}
		}
	}
	return nil
}

// sqlcSchemaPaths lists the existing PostgreSQL schema paths of an sqlc
// config, absolute and without repeats. A config that cannot be read
// names none: discovery is best effort.
func sqlcSchemaPaths(dir string, c *sqlcconf.Config) []string {
	if c == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range c.Entries() {
		if s.Engine != "" && s.Engine != "postgresql" {
			continue // MySQL and SQLite schemas are not PostgreSQL DDL
		}
		for _, p := range s.Schema {
			if p == "" {
				continue
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, filepath.FromSlash(p))
			}
			if seen[p] || !exists(p) {
				continue
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// exists reports whether a path, or a glob, names something.
func exists(p string) bool {
	if _, err := os.Stat(p); err == nil {
		return true
	}
	m, _ := filepath.Glob(p)
	return len(m) > 0
}

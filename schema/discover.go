package schema

import (
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// sqlcConfigs are the names sqlc looks for, in its order.
var sqlcConfigs = []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"}

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
	root, err := filepath.Abs(moduleRoot)
	if err != nil {
		return nil
	}
	for _, name := range sqlcConfigs {
		cfg := filepath.Join(root, name)
		if _, err := os.Stat(cfg); err != nil {
			continue
		}
		if paths := sqlcSchemaPaths(cfg); len(paths) > 0 {
			return paths
		}
		break // sqlc reads only the first config it finds
	}
	for _, p := range conventionalPaths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if _, err := os.Stat(full); err == nil {
			return []string{full}
		}
	}
	return nil
}

// sqlcConfig is the part of an sqlc config that names schemas. JSON is
// YAML, so one decoder reads both file kinds.
type sqlcConfig struct {
	Packages []sqlcSchema `yaml:"packages"` // version 1
	SQL      []sqlcSchema `yaml:"sql"`      // version 2
}

type sqlcSchema struct {
	Engine string    `yaml:"engine"`
	Schema pathsList `yaml:"schema"`
}

// pathsList is sqlc's schema value: one path or a list of them.
type pathsList []string

func (p *pathsList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*p = pathsList{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*p = list
	return nil
}

// sqlcSchemaPaths lists the existing PostgreSQL schema paths of an sqlc
// config, absolute and without repeats. A config that cannot be read
// names none: discovery is best effort.
func sqlcSchemaPaths(cfg string) []string {
	data, err := os.ReadFile(cfg)
	if err != nil {
		return nil
	}
	var c sqlcConfig
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil
	}
	dir := filepath.Dir(cfg)
	var out []string
	seen := map[string]bool{}
	for _, s := range append(c.Packages, c.SQL...) {
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

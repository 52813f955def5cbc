package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/softdelete/softdelete/rules"
)

// ConfigFileName is read from the module root (or the nearest directory
// above the package that has one) unless -config names another file.
const ConfigFileName = ".softdelete.yml"

// Config is the one shape of softdelete's settings: .softdelete.yml and
// golangci-lint's linters.settings.custom.softdelete.settings.
type Config struct {
	// Schema lists migration files, directories or globs, relative to the
	// module root. Empty means auto-discovery.
	Schema  stringList     `yaml:"schema" json:"schema"`
	Columns []ColumnConfig `yaml:"columns" json:"columns"`
	Tables  TablesConfig   `yaml:"tables" json:"tables"`
	Rules   RulesConfig    `yaml:"rules" json:"rules"`
	// Functions are extra SQL sinks.
	Functions []FunctionConfig `yaml:"functions" json:"functions"`
	// PostgresVersion is the major version the schema targets.
	PostgresVersion int `yaml:"postgres-version" json:"postgres-version"`
	// Cascade tunes missing-cascade.
	Cascade CascadeConfig `yaml:"cascade" json:"cascade"`
}

// CascadeConfig tunes missing-cascade.
type CascadeConfig struct {
	// Keep names children kept on purpose when their parent is
	// soft-deleted (history): a table, or table.column for one of its
	// foreign keys. An entry the schema does not have is a config error.
	Keep []string `yaml:"keep" json:"keep"`
}

// ColumnConfig names a soft-delete column and its live value.
type ColumnConfig struct {
	Name string `yaml:"name" json:"name"`
	Live string `yaml:"live" json:"live"`
}

// TablesConfig forces tables in or out of the soft-delete set.
type TablesConfig struct {
	Include []string `yaml:"include" json:"include"`
	Exclude []string `yaml:"exclude" json:"exclude"`
}

// RulesConfig turns rules off.
type RulesConfig struct {
	Disable []string `yaml:"disable" json:"disable"`
}

// FunctionConfig declares a function whose argument Arg is SQL text.
type FunctionConfig struct {
	Func string `yaml:"func" json:"func"`
	Arg  int    `yaml:"arg" json:"arg"`
}

// stringList accepts a single string or a list of strings.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = stringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// ParseConfig decodes and validates YAML config. name is used in messages.
func ParseConfig(name string, data []byte) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	cfg := &Config{}
	if len(root.Content) == 0 {
		return cfg, cfg.Validate(name)
	}
	if err := checkKeys(root.Content[0], reflect.TypeOf(*cfg), ""); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %v", name, cleanYAMLError(err))
	}
	return cfg, cfg.Validate(name)
}

// checkKeys reports the first mapping key that the config struct does not
// have, by its dotted path, so a misspelt key is an error, not a silence.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
			fields[tag] = t.Field(i).Type
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			ft, ok := fields[key]
			if !ok {
				return fmt.Errorf("line %d: unknown key %q%s", n.Content[i].Line, join(path, key), knownKeys(fields))
			}
			if err := checkKeys(n.Content[i+1], ft, join(path, key)); err != nil {
				return err
			}
		}
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, c := range n.Content {
			if err := checkKeys(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case n.Kind == yaml.MappingNode:
		return fmt.Errorf("line %d: %s must be a %s, not a mapping", n.Line, path, kindName(t))
	case n.Kind == yaml.SequenceNode && t != reflect.TypeOf(stringList{}):
		return fmt.Errorf("line %d: %s must be a %s, not a list", n.Line, path, kindName(t))
	}
	return nil
}

func knownKeys(fields map[string]reflect.Type) string {
	var names []string
	for k := range fields {
		names = append(names, k)
	}
	sortStrings(names)
	return " (known: " + strings.Join(names, ", ") + ")"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "mapping"
	case reflect.Slice:
		return "list"
	case reflect.Int:
		return "number"
	}
	return t.Kind().String()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func cleanYAMLError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return errors.New(strings.Join(te.Errors, "; "))
	}
	return err
}

// Validate checks values the YAML types cannot.
func (c *Config) Validate(name string) error {
	var errs []string
	for i, col := range c.Columns {
		if strings.TrimSpace(col.Name) == "" {
			errs = append(errs, fmt.Sprintf("columns[%d].name is required", i))
		}
		live := strings.TrimSpace(col.Live)
		if live != "" && !strings.EqualFold(live, "is null") && !(strings.HasPrefix(live, "=") && strings.TrimSpace(live[1:]) != "") {
			errs = append(errs, fmt.Sprintf("columns[%d].live %q must be \"IS NULL\" or \"= <constant>\"", i, col.Live))
		}
	}
	for i, id := range c.Rules.Disable {
		if !rules.KnownID(id) {
			errs = append(errs, fmt.Sprintf("rules.disable[%d]: unknown rule %q (known: %s)", i, id, strings.Join(rules.IDs, ", ")))
		}
	}
	for i, f := range c.Functions {
		if f.Func == "" {
			errs = append(errs, fmt.Sprintf("functions[%d].func is required", i))
		}
		if f.Arg < 0 {
			errs = append(errs, fmt.Sprintf("functions[%d].arg must be 0 or more", i))
		}
	}
	if c.PostgresVersion != 0 && (c.PostgresVersion < 9 || c.PostgresVersion > 99) {
		errs = append(errs, fmt.Sprintf("postgres-version %d is not a PostgreSQL major version", c.PostgresVersion))
	}
	for i, p := range c.Schema {
		if strings.TrimSpace(p) == "" {
			errs = append(errs, fmt.Sprintf("schema[%d] is empty", i))
		}
	}
	for i, k := range c.Cascade.Keep {
		if strings.TrimSpace(k) == "" {
			errs = append(errs, fmt.Sprintf("cascade.keep[%d] is empty", i))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %s", name, strings.Join(errs, "; "))
	}
	return nil
}

// RulesConfig returns the part of c the rules package needs.
func (c *Config) rulesConfig() rules.Config {
	rc := rules.Config{Include: c.Tables.Include, Exclude: c.Tables.Exclude, PostgresVersion: c.PostgresVersion, Keep: c.Cascade.Keep}
	for _, col := range c.Columns {
		rc.Columns = append(rc.Columns, rules.Column{Name: col.Name, Live: col.Live})
	}
	return rc
}

func (c *Config) disabled(id string) bool {
	for _, d := range c.Rules.Disable {
		if d == id {
			return true
		}
	}
	return false
}

// findModuleRoot returns the nearest directory at or above dir holding a
// go.mod, or "" if there is none.
func findModuleRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// findConfigFile walks up from dir to root (inclusive) looking for
// .softdelete.yml.
func findConfigFile(dir, root string) string {
	for {
		p := filepath.Join(dir, ConfigFileName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if dir == root || root == "" {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func sortStrings(s []string) { sort.Strings(s) }

// UnmarshalJSON accepts a single string or a list, as UnmarshalYAML does,
// for settings that arrive as JSON (golangci-lint).
func (l *stringList) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*l = stringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

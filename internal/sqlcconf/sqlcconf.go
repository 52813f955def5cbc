// Package sqlcconf reads the parts of an sqlc configuration softdelete
// uses: the schema paths (where the migrations are) and the query paths
// (where generated queries come from).
package sqlcconf

import (
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Names are the file names sqlc looks for, in its order; it reads only the
// first that exists.
var Names = []string{"sqlc.yaml", "sqlc.yml", "sqlc.json"}

// Config is the part of an sqlc config softdelete reads. JSON is YAML, so
// one decoder reads every kind of file.
type Config struct {
	Packages []Package `yaml:"packages"` // version 1
	SQL      []Package `yaml:"sql"`      // version 2
}

// Package is one engine/schema/queries entry.
type Package struct {
	Engine  string `yaml:"engine"`
	Schema  Paths  `yaml:"schema"`
	Queries Paths  `yaml:"queries"`
	Path    string `yaml:"path"` // version 1: where the Go code goes
	Gen     struct {
		Go struct {
			Out string `yaml:"out"`
		} `yaml:"go"`
	} `yaml:"gen"` // version 2
}

// GoOut is the directory the entry generates Go code into, relative to
// the config file, or "".
func (p *Package) GoOut() string {
	if p.Gen.Go.Out != "" {
		return p.Gen.Go.Out
	}
	return p.Path
}

// Entries returns the entries of either config version.
func (c *Config) Entries() []Package { return append(append([]Package(nil), c.Packages...), c.SQL...) }

// Paths is sqlc's path value: one path or a list of them.
type Paths []string

func (p *Paths) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*p = Paths{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*p = list
	return nil
}

// Find reads the sqlc config in dir, the first of Names that exists. It
// returns the file's path and its decoded content; path is "" when there
// is none, and cfg is nil when it does not decode (discovery is best
// effort: a broken config names nothing).
func Find(dir string) (path string, cfg *Config) {
	for _, name := range Names {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var c Config
		if yaml.Unmarshal(data, &c) != nil {
			return p, nil
		}
		return p, &c
	}
	return "", nil
}

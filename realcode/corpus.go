package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/softdelete/softdelete/rules"
)

// Corpus is realcode/corpus.yml: the repositories softdelete is validated
// on, each finding's verdict, and the soft-delete fixes maintainers made.
// It holds facts about other projects (where, which commit, what a finding
// is worth), never their code.
type Corpus struct {
	Repositories []*Repository `yaml:"repositories"`
	Fixes        []*Fix        `yaml:"fixes"`
}

// Tree names one module of one repository at one commit.
type Tree struct {
	Name   string `yaml:"name"` // owner/name
	URL    string `yaml:"url"`
	Dir    string `yaml:"dir"`    // the Go module inside the repository; "" is the root
	Config string `yaml:"config"` // the .softdelete.yml used, if any
}

// Repository is a code base whose every finding has been read.
type Repository struct {
	Tree     `yaml:",inline"`
	Commit   string     `yaml:"commit"`
	Style    string     `yaml:"style"`
	Findings []*Verdict `yaml:"findings"`
}

// Verdict is what a reader concluded about one finding.
type Verdict struct {
	At      string `yaml:"at"` // file:line, relative to the module
	Rule    string `yaml:"rule"`
	Verdict string `yaml:"verdict"`
	Reason  string `yaml:"reason"`
}

// Fix is a soft-delete bug a repository's maintainers fixed.
type Fix struct {
	Tree    `yaml:",inline"`
	Fix     string `yaml:"fix"`
	Parent  string `yaml:"parent"`
	Kind    string `yaml:"kind"` // the rule that should report the bug
	At      string `yaml:"at"`   // file:line or file:first-last at the parent
	Link    string `yaml:"link"`
	Summary string `yaml:"summary"`
}

// The verdicts, in the order reports list them. The first two are worth a
// reviewer's time.
var verdicts = []string{"real", "second-look", "deliberate", "wrong"}

func worthReading(verdict string) bool { return verdict == "real" || verdict == "second-look" }

var commitRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

// loadCorpus reads and validates a corpus file; every problem is named with
// its entry.
func loadCorpus(path string) (*Corpus, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var c Corpus
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	seen := map[string]bool{}
	for i, r := range c.Repositories {
		where := fmt.Sprintf("repositories[%d] (%s)", i, r.Name)
		checkTree(r.Tree, where, bad)
		if !commitRE.MatchString(r.Commit) {
			bad("%s: commit %q is not 40 hex digits", where, r.Commit)
		}
		if r.Style == "" {
			bad("%s: no style", where)
		}
		if seen[r.key()] {
			bad("%s: listed twice", where)
		}
		seen[r.key()] = true
		for j, v := range r.Findings {
			fw := fmt.Sprintf("%s findings[%d]", where, j)
			if _, _, _, err := parseAt(v.At); err != nil {
				bad("%s: %v", fw, err)
			}
			if !knownRule(v.Rule) {
				bad("%s: unknown rule %q", fw, v.Rule)
			}
			if !knownVerdict(v.Verdict) {
				bad("%s: verdict %q is not one of %s", fw, v.Verdict, strings.Join(verdicts, ", "))
			}
			if strings.TrimSpace(v.Reason) == "" {
				bad("%s: no reason", fw)
			}
		}
	}
	for i, f := range c.Fixes {
		where := fmt.Sprintf("fixes[%d] (%s)", i, f.Name)
		checkTree(f.Tree, where, bad)
		if !commitRE.MatchString(f.Fix) || !commitRE.MatchString(f.Parent) {
			bad("%s: fix and parent must be 40 hex digits", where)
		}
		if !knownRule(f.Kind) {
			bad("%s: unknown rule %q", where, f.Kind)
		}
		if _, _, _, err := parseAt(f.At); err != nil {
			bad("%s: %v", where, err)
		}
		if f.Link == "" || f.Summary == "" {
			bad("%s: link and summary are required", where)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s:\n\t%s", path, strings.Join(errs, "\n\t"))
	}
	return &c, nil
}

func checkTree(t Tree, where string, bad func(string, ...any)) {
	if strings.Count(t.Name, "/") != 1 {
		bad("%s: name must be owner/name", where)
	}
	if t.URL == "" {
		bad("%s: no url", where)
	}
	if strings.HasPrefix(t.Dir, "/") || strings.Contains(t.Dir, "..") {
		bad("%s: dir %q must be relative, inside the repository", where, t.Dir)
	}
}

func (r *Repository) key() string { return r.Name + "@" + r.Commit + "/" + r.Dir }

func knownRule(id string) bool { return rules.ByID(id) != nil }

func knownVerdict(v string) bool {
	for _, k := range verdicts {
		if k == v {
			return true
		}
	}
	return false
}

// parseAt reads "file:line" or "file:first-last".
func parseAt(at string) (file string, first, last int, err error) {
	i := strings.LastIndex(at, ":")
	if i <= 0 {
		return "", 0, 0, fmt.Errorf("at %q is not file:line", at)
	}
	file, lines := at[:i], at[i+1:]
	a, b, isRange := strings.Cut(lines, "-")
	if first, err = strconv.Atoi(a); err != nil || first < 1 {
		return "", 0, 0, fmt.Errorf("at %q is not file:line", at)
	}
	last = first
	if isRange {
		if last, err = strconv.Atoi(b); err != nil || last < first {
			return "", 0, 0, fmt.Errorf("at %q: bad line range", at)
		}
	}
	return file, first, last, nil
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// A Finding is one diagnostic of a standalone run, its file relative to
// the module the run was in.
type Finding struct {
	File    string
	Line    int
	Rule    string
	Message string
	// Related holds the messages of its related information, a line each.
	Related string `json:",omitempty"`
}

func (f Finding) at() string { return f.File + ":" + strconv.Itoa(f.Line) }

// errNoTree is returned when the trees directory lacks a checkout.
var errNoTree = errors.New("no tree")

// treeDir finds the checkout of name at commit in trees: a directory named
// owner+name@P where P is a prefix (7 digits or more) of the commit.
func treeDir(trees, name, commit string) (string, error) {
	entries, err := os.ReadDir(trees)
	if err != nil {
		return "", err
	}
	want := strings.Replace(name, "/", "+", 1) + "@"
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() || !strings.HasPrefix(n, want) {
			continue
		}
		if p := n[len(want):]; len(p) >= 7 && strings.HasPrefix(commit, p) {
			return filepath.Join(trees, n), nil
		}
	}
	return "", fmt.Errorf("%w: %s", errNoTree, filepath.Join(trees, want+commit[:12]))
}

// runner runs the standalone analyzer.
type runner struct {
	binary string
	// cache keeps each tree's findings (or the error of its run) for the
	// length of one realcode run (a fix's parent is often another entry's
	// commit); -save writes it and -load reads it instead of running.
	cache  map[string]treeRun
	loaded bool
}

// treeRun is one tree's result.
type treeRun struct {
	Findings []Finding `json:",omitempty"`
	Err      string    `json:",omitempty"`
}

// runKey names a module at a commit with a config.
func runKey(t Tree, commit string) string {
	return t.Name + "@" + commit + "/" + t.Dir + "\x00" + t.Config
}

// findings returns the findings of `softdelete -json ./...` in the tree's
// module, with its config if it has one.
func (r *runner) findings(trees string, t Tree, commit string) ([]Finding, error) {
	key := runKey(t, commit)
	if res, ok := r.cache[key]; ok || r.loaded {
		if !ok {
			return nil, fmt.Errorf("%s at %s is not in the loaded results", t.Name, short(commit))
		}
		if res.Err != "" {
			return nil, errors.New(res.Err)
		}
		return res.Findings, nil
	}
	fs, err := r.analyze(trees, t, commit)
	if r.cache == nil {
		r.cache = map[string]treeRun{}
	}
	res := treeRun{Findings: fs}
	if err != nil {
		res.Err = err.Error()
	}
	r.cache[key] = res
	return fs, err
}

func (r *runner) analyze(trees string, t Tree, commit string) ([]Finding, error) {
	root, err := treeDir(trees, t.Name, commit)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(t.Dir)))
	if err != nil {
		return nil, err
	}
	args := []string{"-json"}
	if t.Config != "" {
		// In the module, as a user keeps it: the config's relative
		// schema paths are taken from its directory.
		cfg := filepath.Join(dir, fmt.Sprintf(".softdelete-realcode-%d.yml", os.Getpid()))
		if err := os.WriteFile(cfg, []byte(t.Config), 0o644); err != nil {
			return nil, err
		}
		defer os.Remove(cfg)
		args = append(args, "-config", cfg)
	}
	args = append(args, "./...")
	cmd := exec.Command(r.binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		return nil, fmt.Errorf("softdelete in %s: %v\n%s", dir, err, tail(stderr.String(), 20))
	}
	fs, err := parseJSON(stdout.Bytes(), dir)
	if err != nil {
		return nil, fmt.Errorf("softdelete in %s: %v", dir, err)
	}
	return fs, nil
}

// parseJSON reads the -json output of a standalone run: package path to
// analyzer name to a list of diagnostics, or an error object for a
// package that failed.
func parseJSON(data []byte, dir string) ([]Finding, error) {
	var out map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("reading -json output: %v", err)
	}
	// A package's test variant ("p [p.test]") reports the package's
	// findings again: per package, each finding counts as often as the
	// variant that reports it most.
	counts := map[string]map[Finding]int{}
	var failed []string
	for pkg, byAnalyzer := range out {
		base, _, _ := strings.Cut(pkg, " ")
		if counts[base] == nil {
			counts[base] = map[Finding]int{}
		}
		variant := map[Finding]int{}
		for _, raw := range byAnalyzer {
			var diags []struct {
				Category string `json:"category"`
				Posn     string `json:"posn"`
				Message  string `json:"message"`
				Related  []struct {
					Message string `json:"message"`
				} `json:"related"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				var e struct {
					Error string `json:"error"`
				}
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					failed = append(failed, pkg+": "+e.Error)
					continue
				}
				return nil, fmt.Errorf("package %s: %v", pkg, err)
			}
			for _, d := range diags {
				file, line, err := splitPosn(d.Posn)
				if err != nil {
					return nil, err
				}
				if rel, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(rel, "..") {
					file = filepath.ToSlash(rel)
				}
				var related []string
				for _, rel := range d.Related {
					related = append(related, rel.Message)
				}
				variant[Finding{File: file, Line: line, Rule: d.Category, Message: d.Message, Related: strings.Join(related, "\n")}]++
			}
		}
		for f, n := range variant {
			counts[base][f] = max(counts[base][f], n)
		}
	}
	var fs []Finding
	for _, byFinding := range counts {
		for f, n := range byFinding {
			for range n {
				fs = append(fs, f)
			}
		}
	}
	if len(failed) > 0 {
		sort.Strings(failed)
		return nil, fmt.Errorf("packages failed:\n%s", tail(strings.Join(failed, "\n"), 10))
	}
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].File != fs[j].File {
			return fs[i].File < fs[j].File
		}
		if fs[i].Line != fs[j].Line {
			return fs[i].Line < fs[j].Line
		}
		if fs[i].Rule != fs[j].Rule {
			return fs[i].Rule < fs[j].Rule
		}
		return fs[i].Message < fs[j].Message
	})
	return fs, nil
}

// splitPosn splits file:line:col.
func splitPosn(posn string) (string, int, error) {
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return "", 0, fmt.Errorf("position %q is not file:line:col", posn)
	}
	line, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil {
		return "", 0, fmt.Errorf("position %q is not file:line:col", posn)
	}
	return strings.Join(parts[:len(parts)-2], ":"), line, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// save writes the results of the run to file, for -load.
func (r *runner) save(file string) error {
	data, err := json.MarshalIndent(r.cache, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}

// load reads what save wrote: the findings are then taken from it, and no
// tree is analysed.
func (r *runner) load(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	r.loaded = true
	return json.Unmarshal(data, &r.cache)
}

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
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
	// Failed names the packages the run could not analyse (they, or a
	// package they import, do not type-check: generated code that is not
	// committed, a module the proxy no longer serves). Their findings are
	// missing from a run that is otherwise kept.
	Failed []string `json:",omitempty"`
	Err    string   `json:",omitempty"`
}

// runKey names a module at a commit with a config.
func runKey(t Tree, commit string) string {
	return t.Name + "@" + commit + "/" + t.Dir + "\x00" + t.Config
}

// findings returns the findings of `softdelete -json ./...` in the tree's
// module, with its config if it has one.
func (r *runner) findings(trees string, t Tree, commit string) (treeRun, error) {
	key := runKey(t, commit)
	if res, ok := r.cache[key]; ok || r.loaded {
		if !ok {
			return treeRun{}, fmt.Errorf("%s at %s is not in the loaded results", t.Name, short(commit))
		}
		if res.Err != "" {
			return treeRun{}, errors.New(res.Err)
		}
		return res, nil
	}
	res, err := r.analyze(trees, t, commit)
	if r.cache == nil {
		r.cache = map[string]treeRun{}
	}
	if err != nil {
		res = treeRun{Err: err.Error()}
	}
	r.cache[key] = res
	return res, err
}

func (r *runner) analyze(trees string, t Tree, commit string) (treeRun, error) {
	root, err := treeDir(trees, t.Name, commit)
	if err != nil {
		return treeRun{}, err
	}
	dir, err := filepath.Abs(filepath.Join(root, filepath.FromSlash(t.Dir)))
	if err != nil {
		return treeRun{}, err
	}
	// Errors name the module by repository and commit, not by where the
	// trees happen to be.
	where := path.Join(t.Name+"@"+short(commit), t.Dir)
	args := []string{"-json"}
	if t.Config != "" {
		// In the module, as a user keeps it: the config's relative
		// schema paths are taken from its directory.
		cfg := filepath.Join(dir, fmt.Sprintf(".softdelete-realcode-%d.yml", os.Getpid()))
		if err := os.WriteFile(cfg, []byte(t.Config), 0o644); err != nil {
			return treeRun{}, err
		}
		defer os.Remove(cfg)
		args = append(args, "-config", cfg)
	}
	args = append(args, "./...")
	cmd := exec.Command(r.binary, args...)
	cmd.Dir = dir
	cmd.Env = moduleEnv(dir, os.Environ())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && (exit.ExitCode() == 3 || exit.ExitCode() == 1)) {
		return treeRun{}, fmt.Errorf("softdelete in %s: %v\n%s", where, err, tail(stderr.String(), 20))
	}
	// Exit status 1 with JSON on stdout is a run in which some packages
	// did not type-check: the others were analysed and are kept.
	res, jsonErr := parseJSON(stdout.Bytes(), dir)
	if jsonErr != nil {
		if err != nil {
			return treeRun{}, fmt.Errorf("softdelete in %s: %v\n%s", where, err, tail(stderr.String(), 20))
		}
		return treeRun{}, fmt.Errorf("softdelete in %s: %v", where, jsonErr)
	}
	if len(res.Failed) > 0 && len(res.Failed) == res.packages {
		failed := slices.Sorted(slices.Values(res.Failed))
		return treeRun{}, fmt.Errorf("softdelete in %s: no package could be analysed: %d failed, as %s did (it, or a package it imports, does not type-check)\n%s", where, len(failed), failed[0], tail(strings.Join(failed, "\n"), 10))
	}
	return res.treeRun, nil
}

// moduleEnv adjusts the environment to build the module in dir the way
// its own files say, over the -mod flag that a measurement over many
// trees may set in GOFLAGS to complete old go.sum files (-mod=mod):
//   - inside a Go workspace (a go.work above it) the go command refuses
//     -mod=mod: the workspace decides;
//   - a module that vendors its dependencies (vendor/modules.txt) builds
//     from them (-mod=vendor), as its own build does: an old module may
//     need versions the proxy no longer serves.
func moduleEnv(dir string, env []string) []string {
	mod := ""
	if _, err := os.Stat(filepath.Join(dir, "vendor", "modules.txt")); err == nil {
		mod = "-mod=vendor"
	} else if out, err := exec.Command("go", "env", "-C", dir, "GOWORK").Output(); err != nil ||
		strings.TrimSpace(string(out)) == "" || strings.TrimSpace(string(out)) == "off" {
		return env
	}
	return withModFlag(env, mod)
}

// withModFlag returns env with the -mod flag of GOFLAGS replaced by mod
// (removed when mod is empty).
func withModFlag(env []string, mod string) []string {
	kept := env[:0:0]
	seen := false
	for _, kv := range env {
		if flags, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			seen = true
			var fs []string
			for _, f := range strings.Fields(flags) {
				if !strings.HasPrefix(f, "-mod=") {
					fs = append(fs, f)
				}
			}
			if mod != "" {
				fs = append(fs, mod)
			}
			kv = "GOFLAGS=" + strings.Join(fs, " ")
		}
		kept = append(kept, kv)
	}
	if !seen && mod != "" {
		kept = append(kept, "GOFLAGS="+mod)
	}
	return kept
}

// parsed is a run's JSON output read back.
type parsed struct {
	treeRun
	// packages counts the packages the output names, analysed or not.
	packages int
}

// parseJSON reads the -json output of a standalone run: package path to
// analyzer name to a list of diagnostics, or an error object for a
// package that failed.
func parseJSON(data []byte, dir string) (parsed, error) {
	var out map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &out); err != nil {
		return parsed{}, fmt.Errorf("reading -json output: %v", err)
	}
	// A package's test variant ("p [p.test]") reports the package's
	// findings again: per package, each finding counts as often as the
	// variant that reports it most.
	counts := map[string]map[Finding]int{}
	failed := map[string]bool{}
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
					failed[base] = true
					continue
				}
				return parsed{}, fmt.Errorf("package %s: %v", pkg, err)
			}
			for _, d := range diags {
				file, line, err := splitPosn(d.Posn)
				if err != nil {
					return parsed{}, err
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
	res := parsed{packages: len(counts)}
	for pkg := range failed {
		res.Failed = append(res.Failed, pkg)
	}
	sort.Strings(res.Failed)
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
	res.Findings = fs
	return res, nil
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

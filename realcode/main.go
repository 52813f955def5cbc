// Command realcode measures softdelete on real repositories.
//
// realcode/corpus.yml lists the public repositories softdelete is
// validated on (URL, commit, style, the config a user would write), the
// verdict on every finding a reader has classified (real, second-look,
// deliberate, wrong, each with a reason), and soft-delete bugs that
// maintainers fixed (the fix commit, its parent, the statement changed).
// None of their code is in this repository: the trees are fetched into a
// directory of the user's, one checkout per commit, named
// owner+name@COMMIT (the commit may be shortened to 7 digits or more).
//
//	go run ./realcode -trees DIR            # measure and compare
//	go run ./realcode -trees DIR -update    # also rewrite the generated pages
//	go run ./realcode -trees DIR -save F    # keep every tree's findings in F
//	go run ./realcode -load F -update       # re-apply the verdicts to them, no run
//
// For each repository it runs the standalone analyzer (softdelete -json
// ./... in the module, with the recorded config) and prints the findings
// per verdict, the findings no one has classified yet (new), and the
// classified findings that are no longer reported (gone). For each fix it
// applies the differential check: the parent commit reports the fix's
// rule at the statement the fix changed, and the fix commit does not
// report that finding again (same rule, file and message). A finding the
// analyzer reports before and after the fix cannot tell the bug from the
// fix and does not count.
//
// -update rewrites the generated parts of docs/realcode.md, the tables of
// realcode/README.md and the summary line of README.md, each between its
// markers. The exit status is 1 when a tree is missing or a run fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	os.Exit(realcode(os.Args[1:], os.Stdout, os.Stderr))
}

func realcode(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("realcode", flag.ContinueOnError)
	fl.SetOutput(stderr)
	trees := fl.String("trees", "", "directory holding the checkouts, one per commit: owner+name@COMMIT")
	root := fl.String("root", ".", "the softdelete repository (corpus, docs and README are read and written there)")
	corpusFlag := fl.String("corpus", "", "corpus file (default ROOT/realcode/corpus.yml)")
	binary := fl.String("softdelete", "", "softdelete binary to run (default: built from ROOT/cmd/softdelete)")
	only := fl.String("only", "", "measure only the repositories and fixes whose name contains this")
	update := fl.Bool("update", false, "rewrite docs/realcode.md, realcode/README.md's tables and README.md's summary line")
	saveFile := fl.String("save", "", "write every tree's findings to this file")
	loadFile := fl.String("load", "", "take every tree's findings from this file (written by -save) instead of running softdelete: verdicts added since are applied at once")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if (*trees == "") == (*loadFile == "") || fl.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: realcode -trees DIR | -load FILE [-update] [-save FILE] [-only NAME] [-softdelete BINARY] [-root DIR] [-corpus FILE]")
		return 2
	}
	path := *corpusFlag
	if path == "" {
		path = filepath.Join(*root, "realcode", "corpus.yml")
	}
	corpus, err := loadCorpus(path)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	r := &runner{binary: *binary}
	if *loadFile != "" {
		if err := r.load(*loadFile); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	if *binary == "" && *loadFile == "" {
		dir, err := os.MkdirTemp("", "realcode")
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		*binary = filepath.Join(dir, "softdelete")
		build := exec.Command("go", "build", "-o", *binary, "./cmd/softdelete")
		build.Dir = *root
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(stderr, "building softdelete: %v\n%s", err, out)
			return 1
		}
	}
	r.binary = *binary
	m := measure(corpus, *trees, r, *only)
	if *saveFile != "" {
		if err := r.save(*saveFile); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	m.print(stdout)
	status := 0
	if m.failures() > 0 {
		status = 1
	}
	if *update {
		if *only != "" {
			fmt.Fprintln(stderr, "-update needs every repository: drop -only")
			return 2
		}
		if err := m.update(*root); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	return status
}

// measurement is one run over the corpus.
type measurement struct {
	corpus *Corpus
	repos  []*repoResult
	fixes  []*fixResult
}

func measure(c *Corpus, trees string, r *runner, only string) *measurement {
	m := &measurement{corpus: c}
	for _, repo := range c.Repositories {
		if !strings.Contains(repo.Name, only) {
			continue
		}
		run, err := r.findings(trees, repo.Tree, repo.Commit)
		res := compareRepo(repo, run.Findings)
		res.err = err
		res.failed = run.Failed
		m.repos = append(m.repos, res)
	}
	for _, fx := range c.Fixes {
		if !strings.Contains(fx.Name, only) {
			continue
		}
		parent, err := r.findings(trees, fx.Tree, fx.Parent)
		var fixed treeRun
		if err == nil {
			fixed, err = r.findings(trees, fx.Tree, fx.Fix)
		}
		if err == nil {
			err = partialRuns(fx, parent, fixed, compareFix(fx, parent.Findings, fixed.Findings))
		}
		if err != nil {
			m.fixes = append(m.fixes, &fixResult{fix: fx, status: fixUnavailable, err: err})
			continue
		}
		m.fixes = append(m.fixes, compareFix(fx, parent.Findings, fixed.Findings))
	}
	return m
}

func (m *measurement) failures() int {
	n := 0
	for _, r := range m.repos {
		if r.err != nil {
			n++
		}
	}
	for _, f := range m.fixes {
		if f.status == fixUnavailable {
			n++
		}
	}
	return n
}

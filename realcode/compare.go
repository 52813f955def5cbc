package main

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// repoResult is one repository's run held against its verdicts.
type repoResult struct {
	repo *Repository
	err  error
	// findings is every finding of the run; verdictOf the verdict that
	// covers each, nil for a finding no one has read yet.
	findings  []Finding
	verdictOf []*Verdict
	// gone are verdicts whose finding the run no longer reports.
	gone []*Verdict
	// moved are verdicts whose finding the run now reports at the calls
	// that choose the rows: a finding that names the statement (see
	// namesStatement).
	moved []movedVerdict
	// failed names the packages the run could not analyse.
	failed []string
}

// compareRepo gives each finding the verdict that names its rule and
// line. Several findings on one line (queries that name their table
// through one Go constant, reported at the constant) take the verdicts
// written for that line in order, one each. A verdict left over has
// moved when a finding reported elsewhere names its statement (a lookup
// now judged at its callers), else it is gone.
func compareRepo(r *Repository, fs []Finding) *repoResult {
	res := &repoResult{repo: r, findings: fs, verdictOf: make([]*Verdict, len(fs))}
	for _, v := range r.Findings {
		matched := false
		for i, f := range fs {
			if res.verdictOf[i] == nil && covers(v.At, v.Rule, f) {
				res.verdictOf[i] = v
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if i := slices.IndexFunc(fs, func(f Finding) bool { return namesStatement(v.At, v.Rule, f) }); i >= 0 {
			res.moved = append(res.moved, movedVerdict{v, fs[i]})
		} else {
			res.gone = append(res.gone, v)
		}
	}
	return res
}

// A movedVerdict is a verdict on a statement whose finding is now
// reported where the rows are chosen: read the new place, which keeps
// its own verdict.
type movedVerdict struct {
	verdict *Verdict
	to      Finding
}

// covers reports whether a finding is the one named by rule and at.
func covers(at, rule string, f Finding) bool {
	file, first, last, err := parseAt(at)
	return err == nil && f.Rule == rule && f.File == file && first <= f.Line && f.Line <= last
}

// count returns the findings per verdict ("" for those without one).
func (res *repoResult) count() map[string]int {
	n := map[string]int{}
	for _, v := range res.verdictOf {
		if v == nil {
			n[""]++
		} else {
			n[v.Verdict]++
		}
	}
	return n
}

// worthReading returns the findings worth a reviewer's time and the
// findings with a verdict.
func (res *repoResult) worthReading() (worth, classified int) {
	for _, v := range res.verdictOf {
		if v != nil {
			classified++
			if worthReading(v.Verdict) {
				worth++
			}
		}
	}
	return worth, classified
}

// fixStatus is what the differential check concluded about one fix.
type fixStatus int

const (
	fixFound       fixStatus = iota // reported at the parent, gone at the fix
	fixMissed                       // not reported at the parent
	fixPersists                     // reported at the parent and, unchanged, at the fix
	fixUnavailable                  // a tree is missing or the run failed
)

func (s fixStatus) String() string {
	return [...]string{"found", "missed", "persists", "unavailable"}[s]
}

type fixResult struct {
	fix    *Fix
	status fixStatus
	// atParent is the parent's finding at the fixed statement, if any.
	atParent *Finding
	err      error
}

// compareFix applies the differential check: the parent reports the kind's
// rule at the statement the fix changed (or at a caller, naming that
// statement: see namesStatement), and the fix commit no longer reports
// that finding (same rule, file and message). A finding that both report
// cannot tell the bug from the fix and does not count.
func compareFix(fx *Fix, parent, fixed []Finding) *fixResult {
	res := &fixResult{fix: fx, status: fixMissed}
	for i, f := range parent {
		if !covers(fx.At, fx.Kind, f) && !namesStatement(fx.At, fx.Kind, f) {
			continue
		}
		res.atParent = &parent[i]
		if !reportsAgain(fixed, f) {
			res.status = fixFound
			return res
		}
		res.status = fixPersists
	}
	return res
}

func reportsAgain(fs []Finding, f Finding) bool {
	for _, g := range fs {
		if g.Rule == f.Rule && g.File == f.File && withoutLines(g.Message) == withoutLines(f.Message) {
			return true
		}
	}
	return false
}

// mentioned matches a position a message names: path/file.go:12.
var mentioned = regexp.MustCompile(`([\w./-]+\.(?:go|sql)):(\d+)`)

// namesStatement reports whether a finding of rule reported elsewhere (at
// the call of the function that sends the statement) names, in its
// message or related information, a line of the statement at.
func namesStatement(at, rule string, f Finding) bool {
	file, first, last, err := parseAt(at)
	if err != nil || f.Rule != rule {
		return false
	}
	for _, m := range mentioned.FindAllStringSubmatch(f.Message+"\n"+f.Related, -1) {
		line, _ := strconv.Atoi(m[2])
		if m[1] == file && first <= line && line <= last {
			return true
		}
	}
	return false
}

// withoutLines drops the line numbers of the positions a message names:
// edits above a statement move it without changing the finding.
func withoutLines(msg string) string {
	return mentioned.ReplaceAllString(msg, "$1")
}

// partialRuns says why a fix cannot be judged when a run left packages
// out, or nil when it can: a disappearance counts only if no package
// newly fails at the fix, and an absence at the parent only if the
// statement's package (a Go file's directory) was analysed there.
func partialRuns(fx *Fix, parent, fixed treeRun, res *fixResult) error {
	if res.status == fixFound {
		for _, p := range fixed.Failed {
			if !slices.Contains(parent.Failed, p) {
				return fmt.Errorf("%s does not type-check at the fix but does at the parent, so the finding's absence proves nothing", p)
			}
		}
		return nil
	}
	if len(parent.Failed) == 0 {
		return nil
	}
	file, _, _, err := parseAt(fx.At)
	if err != nil {
		return err
	}
	dir := path.Dir(file)
	if strings.HasSuffix(file, ".go") && dir != "." {
		for _, p := range parent.Failed {
			if strings.HasSuffix(p, "/"+dir) {
				return fmt.Errorf("the statement's package %s does not type-check at the parent", p)
			}
		}
		return nil
	}
	return fmt.Errorf("%d packages do not type-check at the parent (%s…), and the statement in %s may be judged in one of them", len(parent.Failed), parent.Failed[0], file)
}

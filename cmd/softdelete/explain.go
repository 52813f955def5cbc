package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/softdelete/softdelete/analyzer"
)

// explanation is what `softdelete explain` prints: the beliefs of each
// module the packages belong to, and per package what was judged.
type explanation struct {
	Modules  []*analyzer.Beliefs `json:"modules"`
	Packages []packageReport     `json:"packages"`
}

type packageReport struct {
	Package     string                 `json:"package"`
	Sinks       int                    `json:"sql_sends"`
	Judged      int                    `json:"judged"`
	Built       int                    `json:"built_sends,omitempty"`
	BuiltJudged int                    `json:"built_judged,omitempty"`
	Findings    int                    `json:"findings"`
	Unresolved  []analyzer.Unresolved  `json:"not_judged,omitempty"`
	Cascades    []analyzer.CascadeSite `json:"soft_deletes,omitempty"`
	Intent      []analyzer.IntentNote  `json:"rows_chosen_by_callers,omitempty"`
	NotReported []analyzer.IntentNote  `json:"not_reported,omitempty"`
}

// explainMain runs `softdelete explain` or `softdelete graph`: it analyses
// the packages as the standalone run does and prints what the analyzer
// believes instead of the findings.
func explainMain(cmd string, args []string, stdout, stderr io.Writer) int {
	a := analyzer.New()
	fl := flag.NewFlagSet("softdelete "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	a.Flags.VisitAll(func(f *flag.Flag) { fl.Var(f.Value, f.Name, f.Usage) })
	asJSON := fl.Bool("json", false, "print JSON")
	format := "mermaid"
	if cmd == "graph" {
		fl.StringVar(&format, "format", format, "graph format: mermaid or dot")
	}
	tests := fl.Bool("test", true, "analyse test files too")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: softdelete %s [flags] packages\n", cmd)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if format != "mermaid" && format != "dot" {
		fmt.Fprintf(stderr, "softdelete graph: -format must be mermaid or dot, not %q\n", format)
		return 2
	}
	patterns := fl.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	ex, err := explain(a, patterns, *tests)
	if err != nil {
		fmt.Fprintf(stderr, "softdelete %s: %v\n", cmd, err)
		return 1
	}
	switch {
	case cmd == "graph":
		writeGraph(stdout, ex, format)
	case *asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(ex)
	default:
		writeExplanation(stdout, ex)
	}
	return 0
}

func explain(a *analysis.Analyzer, patterns []string, tests bool) (*explanation, error) {
	conf := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests}
	pkgs, err := packages.Load(conf, patterns...)
	if err != nil {
		return nil, err
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return nil, fmt.Errorf("%d errors loading packages", n)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return nil, err
	}
	ex := &explanation{}
	seen := map[string]bool{}
	modules := map[string]bool{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			return nil, act.Err
		}
		rep, _ := act.Result.(*analyzer.Report)
		if rep == nil || seen[rep.Package] {
			continue // not judged (a dependency), or a test variant already listed
		}
		seen[rep.Package] = true
		b, err := rep.Beliefs()
		if err != nil {
			return nil, err
		}
		if !modules[b.Root] {
			modules[b.Root] = true
			ex.Modules = append(ex.Modules, b)
		}
		judged, builtJudged := rep.Parsed, rep.BuiltParsed
		if len(b.SchemaFiles) == 0 {
			// No schema: only sends through ORM models are judged.
			judged, builtJudged = rep.ModelParsed, rep.ModelBuiltParsed
		}
		ex.Packages = append(ex.Packages, packageReport{Package: rep.Package, Sinks: rep.Sinks(), Judged: judged, Built: rep.Built, BuiltJudged: builtJudged,
			Findings: rep.Findings, Unresolved: rep.Unresolved, Cascades: rep.Cascades, Intent: rep.Intent, NotReported: rep.NotReported})
	}
	sort.Slice(ex.Packages, func(i, j int) bool { return ex.Packages[i].Package < ex.Packages[j].Package })
	return ex, nil
}

func writeExplanation(w io.Writer, ex *explanation) {
	for _, b := range ex.Modules {
		fmt.Fprintf(w, "module %s\n", b.Root)
		if len(b.SchemaPaths) == 0 {
			fmt.Fprintf(w, "  schema: none found (%s): SQL is checked only against the tables of ORM models\n", b.SchemaSource)
		} else {
			fmt.Fprintf(w, "  schema (%s): %s; %d files applied, %d errors\n", b.SchemaSource, strings.Join(rel(b.Root, b.SchemaPaths), ", "), len(b.SchemaFiles), len(b.SchemaErrors))
		}
		for _, e := range b.SchemaErrors {
			fmt.Fprintf(w, "    %s\n", relPath(b.Root, e))
		}
		var soft, vestigial []analyzer.TableBelief
		for _, t := range b.Tables {
			if t.SoftDelete {
				soft = append(soft, t)
			} else {
				vestigial = append(vestigial, t)
			}
		}
		fmt.Fprintf(w, "  soft-delete tables (%d):\n", len(soft))
		for _, t := range soft {
			fmt.Fprintf(w, "    %s: live when %s; %s\n", t.Table, t.Live, relPath(b.Root, t.Why))
		}
		if len(vestigial) > 0 {
			fmt.Fprintf(w, "  not treated as soft-delete (%d):\n", len(vestigial))
			for _, t := range vestigial {
				fmt.Fprintf(w, "    %s.%s: %s\n", t.Table, t.Column, t.Why)
			}
		}
		for _, u := range b.Unmatched {
			fmt.Fprintf(w, "  config: %s\n", u)
		}
	}
	var sinks, judged, built, builtJudged int
	for _, p := range ex.Packages {
		if p.Sinks == 0 {
			continue
		}
		sinks, judged, built, builtJudged = sinks+p.Sinks, judged+p.Judged, built+p.Built, builtJudged+p.BuiltJudged
		fmt.Fprintf(w, "package %s: %d SQL sends, %d judged%s, %d findings\n", p.Package, p.Sinks, p.Judged, builtPart(p.Built, p.BuiltJudged), p.Findings)
		for _, u := range p.Unresolved {
			fmt.Fprintf(w, "  not judged %s:%d: %s: %s\n", relFile(u.Pos.Filename), u.Pos.Line, u.Callee, u.Reason)
		}
		for _, n := range p.NotReported {
			if n.Rule == "" {
				fmt.Fprintf(w, "  %s:%d: left out: %s\n", relFile(n.Pos.Filename), n.Pos.Line, n.Why)
				continue
			}
			fmt.Fprintf(w, "  %s:%d: %s on %s: %s\n", relFile(n.Pos.Filename), n.Pos.Line, n.Rule, n.Table, n.Why)
		}
	}
	// Findings on rows the callers choose, in every package (one without
	// SQL of its own judges the calls it makes).
	for _, p := range ex.Packages {
		for _, n := range p.Intent {
			fmt.Fprintf(w, "  %s:%d: %s on %s: %s\n", relFile(n.Pos.Filename), n.Pos.Line, n.Rule, n.Table, n.Why)
		}
	}
	if sinks > 0 {
		fmt.Fprintf(w, "total: %d SQL sends, %d judged%s\n", sinks, judged, builtPart(built, builtJudged))
	}
}

// builderPart is what explain says of the sends a query builder makes.
func builtPart(built, judged int) string {
	if built == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d built by a query builder, %d of them judged)", built, judged)
}

// writeGraph draws the soft-delete tables, the foreign keys between them
// with their ON DELETE action, and the soft deletes that cascade (or not)
// to each child.
func writeGraph(w io.Writer, ex *explanation, format string) {
	type edge struct{ from, to, label, style string }
	var nodes []string
	label := map[string]string{}
	var edges []edge
	for _, b := range ex.Modules {
		for _, t := range b.Tables {
			if _, ok := label[t.Table]; !ok {
				nodes = append(nodes, t.Table)
			}
			state := "soft-delete"
			if !t.SoftDelete {
				state = "vestigial"
			}
			label[t.Table] = fmt.Sprintf("%s (%s, %s)", t.Table, t.Column, state)
		}
		for _, fk := range b.ForeignKeys {
			for _, n := range []string{fk.Child, fk.Parent} {
				if _, ok := label[n]; !ok {
					nodes = append(nodes, n)
					label[n] = n
				}
			}
			action := fk.OnDelete
			if action == "" {
				action = "no action"
			}
			edges = append(edges, edge{fk.Child, fk.Parent, strings.Join(fk.Columns, ", ") + ", ON DELETE " + strings.ToUpper(action), "fk"})
		}
	}
	// Sites in the order of their place, what a site leaves live before
	// what it cascades: packages are analysed in parallel, and one site
	// sent by several functions comes in no fixed order.
	type site struct {
		file string
		line int
		live bool
		e    edge
	}
	var sites []site
	for _, p := range ex.Packages {
		for _, c := range p.Cascades {
			file := relFile(c.Pos.Filename)
			at := fmt.Sprintf("%s:%d", file, c.Pos.Line)
			for _, ch := range c.Handled {
				sites = append(sites, site{file, c.Pos.Line, false, edge{c.Parent, ch, "soft delete at " + at + " cascades", "cascade"}})
			}
			for _, ch := range c.Unhandled {
				sites = append(sites, site{file, c.Pos.Line, true, edge{c.Parent, ch, "soft delete at " + at + " leaves live", "live"}})
			}
		}
	}
	sort.SliceStable(sites, func(i, j int) bool {
		a, b := sites[i], sites[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.line != b.line {
			return a.line < b.line
		}
		return a.live && !b.live
	})
	for _, s := range sites {
		edges = append(edges, s.e)
	}
	// A soft delete written once (a constant) and sent by several
	// functions is one site per function: draw each edge once.
	seenEdge := map[edge]bool{}
	unique := edges[:0]
	for _, e := range edges {
		if !seenEdge[e] {
			seenEdge[e] = true
			unique = append(unique, e)
		}
	}
	edges = unique
	id := func(n string) string { return "t_" + strings.NewReplacer(".", "_", "\"", "_", " ", "_").Replace(n) }
	if format == "dot" {
		fmt.Fprintln(w, "digraph softdelete {")
		fmt.Fprintln(w, "  node [shape=box];")
		for _, n := range nodes {
			fmt.Fprintf(w, "  %s [label=%q];\n", id(n), label[n])
		}
		for _, e := range edges {
			style := map[string]string{"fk": "solid", "cascade": "dashed", "live": "dashed, color=red"}[e.style]
			fmt.Fprintf(w, "  %s -> %s [label=%q, style=%s];\n", id(e.from), id(e.to), e.label, style)
		}
		fmt.Fprintln(w, "}")
		return
	}
	// Mermaid has no escape for a double quote inside a quoted label.
	mq := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, "#quot;") + `"` }
	fmt.Fprintln(w, "flowchart LR")
	for _, n := range nodes {
		fmt.Fprintf(w, "  %s[%s]\n", id(n), mq(label[n]))
	}
	for _, e := range edges {
		arrow := "-->"
		if e.style != "fk" {
			arrow = "-.->"
		}
		fmt.Fprintf(w, "  %s %s|%s| %s\n", id(e.from), arrow, mq(e.label), id(e.to))
	}
}

// rel makes paths under root relative to it, for reading.
func rel(root string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = relPath(root, p)
	}
	return out
}

func relPath(root, s string) string {
	return strings.ReplaceAll(s, root+string(filepath.Separator), "")
}

func relFile(name string) string {
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, name); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return name
}

// Command bench generates synthetic modules and times softdelete on them
// against the floor every vet tool pays: go vet with a no-op analyzer that
// declares a fact type, plain go vet, and softdelete standalone. Runs
// alternate between contenders, medians are reported, with each
// contender's peak RSS.
//
// It is a module of its own, so that the plotting library is no dependency
// of softdelete's; run it from its directory:
//
//	cd bench
//	go run .                                 # the table (60 packages × 40 queries, 300 tables, 120 files)
//	go run . -scaling ../docs/scaling.png    # time against packages and against migration files
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func main() {
	if out := os.Getenv(measureEnv); out != "" {
		measureChild(out, os.Args[1:])
	}
	var s shape
	flag.IntVar(&s.packages, "packages", 60, "generated packages")
	flag.IntVar(&s.queries, "queries", 40, "queries per package")
	flag.IntVar(&s.tables, "tables", 300, "tables in the schema")
	flag.IntVar(&s.files, "files", 120, "migration files")
	runs := flag.Int("runs", 3, "timed runs per contender")
	scaling := flag.String("scaling", "", "measure scaling instead and write the plot to this PNG file")
	flag.Parse()
	log.SetFlags(0)

	h, err := newHarness()
	check(err)
	defer os.RemoveAll(h.work)
	if *scaling != "" {
		check(h.scaling(s, *scaling))
		return
	}
	check(h.table(s, *runs))
}

// harness holds the built tools and the scratch directory.
type harness struct {
	work, tool, noop string
	seq              int
}

func newHarness() (*harness, error) {
	work, err := os.MkdirTemp("", "softdelete-bench")
	if err != nil {
		return nil, err
	}
	h := &harness{work: work, tool: filepath.Join(work, "softdelete"), noop: filepath.Join(work, "noop")}
	bench, err := benchDir()
	if err != nil {
		return nil, err
	}
	// softdelete is built in its own module, the directory above, as go
	// install builds it: none of this module's requirements reach it.
	for _, b := range []struct{ dir, out, pkg string }{
		{filepath.Dir(bench), h.tool, "./cmd/softdelete"},
		{bench, h.noop, "./noop"},
	} {
		cmd := exec.Command("go", "build", "-o", b.out, b.pkg)
		cmd.Dir = b.dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s in %s: %v\n%s", b.pkg, b.dir, err, out)
		}
	}
	return h, nil
}

// benchModule is this module's path.
const benchModule = "github.com/softdelete/softdelete/bench"

// benchDir is the directory of this module, found through the go command
// from the working directory.
func benchDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Dir}}").Output()
	path, dir, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if err != nil || path != benchModule {
		return "", fmt.Errorf("run the harness from its module's directory (cd bench && go run .)")
	}
	return dir, nil
}

type contender struct {
	name string
	args func(h *harness) []string
	// mayFind: exit status 1 or 3 means findings, not failure.
	mayFind bool
}

var contenders = []contender{
	{"go vet -vettool=softdelete", func(h *harness) []string { return []string{"go", "vet", "-vettool=" + h.tool, "./..."} }, true},
	{"go vet -vettool=noop (facts)", func(h *harness) []string { return []string{"go", "vet", "-vettool=" + h.noop, "./..."} }, false},
	{"go vet (default analyzers)", func(h *harness) []string { return []string{"go", "vet", "./..."} }, false},
	{"softdelete ./... (standalone)", func(h *harness) []string { return []string{h.tool, "./..."} }, true},
}

// module generates a module and a build cache snapshot holding its
// compiled packages and nothing from vet, which caches its results: every
// timed run starts from a copy of that snapshot.
func (h *harness) module(s shape) (dir, snapshot string, err error) {
	h.seq++
	dir = filepath.Join(h.work, fmt.Sprintf("module-%d", h.seq))
	if err := generate(dir, s); err != nil {
		return "", "", err
	}
	snapshot = filepath.Join(h.work, fmt.Sprintf("cache-%d", h.seq))
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOCACHE="+snapshot)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return dir, snapshot, nil
}

// run times one contender on a module from a fresh copy of the snapshot,
// without softdelete's catalog cache: the first vet process of the run
// writes it, the others read it, as in CI.
func (h *harness) run(c contender, dir, snapshot string) (sample, error) {
	cache := filepath.Join(h.work, "run-cache")
	os.RemoveAll(cache)
	if out, err := exec.Command("cp", "-a", snapshot, cache).CombinedOutput(); err != nil {
		return sample{}, fmt.Errorf("cp: %v\n%s", err, out)
	}
	defer os.RemoveAll(cache)
	env := []string{"GOCACHE=" + cache, "SOFTDELETE_CACHE=" + filepath.Join(cache, "softdelete")}
	smp, err := measure(dir, env, c.args(h))
	if err == nil && smp.exit != 0 && !(c.mayFind && (smp.exit == 1 || smp.exit == 3)) {
		err = fmt.Errorf("%s exited %d", c.name, smp.exit)
	}
	return smp, err
}

func (h *harness) table(s shape, runs int) error {
	dir, snapshot, err := h.module(s)
	if err != nil {
		return err
	}
	samples := make([][]sample, len(contenders))
	for i := 0; i < runs; i++ {
		for c, con := range contenders {
			smp, err := h.run(con, dir, snapshot)
			if err != nil {
				return err
			}
			samples[c] = append(samples[c], smp)
		}
	}
	fmt.Printf("module: %d packages × %d queries, %d tables in %d migration files; %d runs, medians\n",
		s.packages, s.queries, s.tables, s.files, runs)
	fmt.Printf("  %-32s %9s %12s\n", "", "wall", "peak RSS")
	for c, con := range contenders {
		fmt.Printf("  %-32s %8.2fs %9.0f MB\n", con.name, medianWall(samples[c]).Seconds(), float64(medianRSS(samples[c]))/1024)
	}
	fmt.Printf("  softdelete / noop: time %.2f×, peak RSS %.2f×\n",
		medianWall(samples[0]).Seconds()/medianWall(samples[1]).Seconds(),
		float64(medianRSS(samples[0]))/float64(medianRSS(samples[1])))
	return nil
}

func medianWall(s []sample) time.Duration {
	d := make([]time.Duration, len(s))
	for i := range s {
		d[i] = s[i].wall
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[len(d)/2]
}

func medianRSS(s []sample) int64 {
	r := make([]int64, len(s))
	for i := range s {
		r[i] = s[i].maxRSSKB
	}
	sort.Slice(r, func(i, j int) bool { return r[i] < r[j] })
	return r[len(r)/2]
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

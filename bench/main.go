// Command bench generates a synthetic module and times softdelete on it
// against the floor every vet tool pays: go vet with a no-op analyzer that
// declares a fact type, plain go vet, and softdelete standalone. Runs
// alternate between contenders and the median is reported.
//
//	go run ./bench -packages 60 -queries 20 -tables 300 -files 120 -runs 5
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"
)

func main() {
	var s shape
	flag.IntVar(&s.packages, "packages", 60, "generated packages")
	flag.IntVar(&s.queries, "queries", 20, "queries per package")
	flag.IntVar(&s.tables, "tables", 300, "tables in the schema")
	flag.IntVar(&s.files, "files", 120, "migration files")
	runs := flag.Int("runs", 5, "timed runs per contender")
	keep := flag.String("dir", "", "generate into this directory and keep it (default: a temporary one)")
	flag.Parse()
	log.SetFlags(0)

	work, err := os.MkdirTemp("", "softdelete-bench")
	check(err)
	defer os.RemoveAll(work)
	mod := *keep
	if mod == "" {
		mod = filepath.Join(work, "module")
	}
	check(generate(mod, s))

	root, err := os.Getwd()
	check(err)
	tool := filepath.Join(work, "softdelete")
	noop := filepath.Join(work, "noop")
	run(root, nil, "go", "build", "-o", tool, "./cmd/softdelete")
	run(root, nil, "go", "build", "-o", noop, "./bench/noop")

	// go vet caches its results; every timed run starts from a copy of a
	// build cache that holds the compiled packages and nothing from vet.
	snapshot := filepath.Join(work, "cache-snapshot")
	run(mod, []string{"GOCACHE=" + snapshot}, "go", "build", "./...")

	contenders := []struct {
		name string
		args []string
	}{
		{"go vet -vettool=softdelete", []string{"go", "vet", "-vettool=" + tool, "./..."}},
		{"go vet -vettool=noop (facts)", []string{"go", "vet", "-vettool=" + noop, "./..."}},
		{"go vet (default analyzers)", []string{"go", "vet", "./..."}},
		{"softdelete ./... (standalone)", []string{tool, "./..."}},
	}
	times := make([][]time.Duration, len(contenders))
	for i := 0; i < *runs; i++ {
		for c, con := range contenders {
			cache := filepath.Join(work, fmt.Sprintf("cache-%d-%d", i, c))
			run("", nil, "cp", "-a", snapshot, cache)
			start := time.Now()
			cmd := exec.Command(con.args[0], con.args[1:]...)
			cmd.Dir = mod
			// Each run starts without softdelete's catalog cache too: the
			// first vet process of the run writes it, the others read it.
			cmd.Env = append(os.Environ(), "GOCACHE="+cache, "SOFTDELETE_CACHE="+filepath.Join(cache, "softdelete"))
			out, err := cmd.CombinedOutput()
			times[c] = append(times[c], time.Since(start))
			if err != nil && (c == 1 || c == 2) {
				log.Fatalf("%s: %v\n%s", con.name, err, out)
			}
			os.RemoveAll(cache)
		}
	}
	fmt.Printf("module: %d packages x %d queries, %d tables in %d migration files; %d runs, medians\n",
		s.packages, s.queries, s.tables, s.files, *runs)
	var floor time.Duration
	for c, con := range contenders {
		m := median(times[c])
		if c == 1 {
			floor = m
		}
		fmt.Printf("  %-32s %8.2fs\n", con.name, m.Seconds())
	}
	fmt.Printf("  softdelete / noop ratio          %8.2f\n", median(times[0]).Seconds()/floor.Seconds())
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func run(dir string, env []string, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

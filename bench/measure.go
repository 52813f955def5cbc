package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// measureEnv makes the harness run one command and write its wall time and
// the peak RSS of its largest process (getrusage of the waited-for
// children: go vet and every vet tool it started) to the named file. The
// harness re-executes itself this way so each contender's peak is its own.
const measureEnv = "SOFTDELETE_BENCH_MEASURE"

func measureChild(out string, args []string) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru)
	code := 0
	if err != nil {
		code = 1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	os.WriteFile(out, []byte(fmt.Sprintf("%d %d %d\n", wall.Nanoseconds(), ru.Maxrss, code)), 0o666)
	os.Exit(0)
}

// sample is one timed run.
type sample struct {
	wall     time.Duration
	maxRSSKB int64
	exit     int
}

// measure runs args in dir with env through a child copy of the harness.
func measure(dir string, env []string, args []string) (sample, error) {
	self, err := os.Executable()
	if err != nil {
		return sample{}, err
	}
	f, err := os.CreateTemp("", "measure")
	if err != nil {
		return sample{}, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.Command(self, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), env...), measureEnv+"="+f.Name())
	if out, err := cmd.CombinedOutput(); err != nil {
		return sample{}, fmt.Errorf("%v: %v\n%s", args, err, out)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return sample{}, err
	}
	fields := strings.Fields(string(data))
	if len(fields) != 3 {
		return sample{}, fmt.Errorf("measurement %q", data)
	}
	ns, _ := strconv.ParseInt(fields[0], 10, 64)
	rss, _ := strconv.ParseInt(fields[1], 10, 64)
	code, _ := strconv.Atoi(fields[2])
	return sample{wall: time.Duration(ns), maxRSSKB: rss, exit: code}, nil
}

package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Warnings go to standard error once per run: a run that found SQL but no
// schema, config names that match nothing, a schema whose soft-delete
// columns nothing sets. They are not findings (the exit status does not
// change), but without them such a run ends silent and looks clean.
var (
	warnOut  io.Writer = os.Stderr
	warnMu   sync.Mutex
	warnSeen = map[string]bool{}
)

// warnOnce prints msg once per run. One process is one run for the
// standalone checker and golangci-lint. go vet starts a process per
// package, all children of one go command: across them, the first to
// create a marker file named after that parent process (its pid and start
// time) prints, the others do not.
func warnOnce(msg string) {
	warnMu.Lock()
	defer warnMu.Unlock()
	if warnSeen[msg] {
		return
	}
	warnSeen[msg] = true
	if vetRun() && !firstInParent(msg) {
		return
	}
	fmt.Fprintln(warnOut, msg)
}

// vetRun reports whether this process analyses one package for go vet
// (the unitchecker protocol: the last argument is the unit's .cfg file).
var vetRun = sync.OnceValue(func() bool {
	return len(os.Args) > 1 && strings.HasSuffix(os.Args[len(os.Args)-1], ".cfg")
})

// firstInParent reports whether no other child of this process's parent
// has claimed msg yet, claiming it. Without a cache directory or a way to
// tell the parent's start time it answers true: a repeated warning is
// better than a lost one.
func firstInParent(msg string) bool {
	dir := cacheDir()
	run := runIdentity()
	if dir == "" || run == "" {
		return true
	}
	h := sha256.Sum256([]byte(run + "\x00" + msg))
	name := filepath.Join(dir, hex.EncodeToString(h[:12])+".warned")
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return !os.IsExist(err)
	}
	f.Close()
	return true
}

// processStart returns the start time of process pid as Linux's
// /proc/PID/stat gives it (field 22, in clock ticks since boot), or "".
func processStart(pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return ""
	}
	fields := strings.Fields(s[i+1:])
	const startField = 22 - 3 // fields after the name start at field 3
	if len(fields) <= startField {
		return ""
	}
	return fields[startField]
}

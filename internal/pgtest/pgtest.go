// Package pgtest starts a throwaway PostgreSQL cluster for tests that prove
// what softdelete claims about PostgreSQL: initdb into a temporary
// directory, a server on a unix socket only, a fresh database per test.
//
// The server binaries come from the system's PostgreSQL packages (Debian:
// apt-get install postgresql). Without them a test is skipped with a clear
// message, except under CI (CI set in the environment), where a missing
// server fails the test: CI installs it. Packages that use Open must call
// Stop from TestMain.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

type server struct {
	dir, bin string
	cred     *syscall.Credential
	err      error
}

var (
	once    sync.Once
	current *server
	dbSeq   int
	dbMu    sync.Mutex
)

// Open returns a connection to a new, empty database on the shared test
// server, dropped when the test ends.
func Open(t testing.TB) *pgx.Conn {
	t.Helper()
	once.Do(func() { current = start() })
	if current.err != nil {
		if errors.Is(current.err, errNoServer) && os.Getenv("CI") == "" {
			t.Skipf("PostgreSQL: %v", current.err)
		}
		t.Fatalf("PostgreSQL: %v", current.err)
	}
	ctx := context.Background()
	admin, err := current.connect(ctx, "postgres")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	dbMu.Lock()
	dbSeq++
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq)
	dbMu.Unlock()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	conn, err := current.connect(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close(ctx)
		if admin, err := current.connect(ctx, "postgres"); err == nil {
			admin.Exec(ctx, "DROP DATABASE "+name)
			admin.Close(ctx)
		}
	})
	return conn
}

// Stop shuts the server down and removes its files.
func Stop() {
	if current == nil || current.err != nil {
		return
	}
	current.run("pg_ctl", "-D", filepath.Join(current.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(current.dir)
}

var errNoServer = errors.New("no server binaries (initdb, pg_ctl) found: install PostgreSQL (Debian: apt-get install postgresql)")

func start() *server {
	s := &server{}
	s.bin = findBinDir()
	if s.bin == "" {
		s.err = errNoServer
		return s
	}
	dir, err := os.MkdirTemp("", "pgtest")
	if err != nil {
		s.err = err
		return s
	}
	s.dir = dir
	// PostgreSQL refuses to run as root: run it as the postgres user the
	// package created.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			s.err = fmt.Errorf("running as root and no postgres user: %v", err)
			return s
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			s.err = err
			return s
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"); err != nil {
		s.err = fmt.Errorf("initdb: %v\n%s", err, out)
		return s
	}
	opts := fmt.Sprintf("-c listen_addresses='' -k %s -c fsync=off -c full_page_writes=off -c synchronous_commit=off", dir)
	if out, err := s.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		s.err = fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
		return s
	}
	return s
}

func (s *server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

func (s *server) connect(ctx context.Context, db string) (*pgx.Conn, error) {
	return pgx.Connect(ctx, fmt.Sprintf("host=%s user=postgres dbname=%s sslmode=disable", s.dir, db))
}

// findBinDir finds the newest PostgreSQL server installation.
func findBinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		vi, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		vj, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return vi > vj
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	return ""
}

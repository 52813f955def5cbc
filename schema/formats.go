package schema

import (
	"bytes"
	"strings"
)

// This file turns a migration file into the SQL that its up migration runs.
//
// Migration tools mark their sections with comment lines, and pg_dump output
// holds psql meta-commands and COPY data that are not SQL. Both are
// recognised by line, never by tokenizing SQL. Dropped parts are blanked
// (every byte but newlines becomes a space) instead of cut, so byte offsets,
// lines and columns in the kept text are those of the real file.

// upSQL returns a copy of src in which everything that an up migration does
// not run is blanked: down sections (goose, sql-migrate, dbmate), the part
// below tern's separator, psql meta-commands and COPY ... FROM stdin data.
// Files without markers (golang-migrate .up.sql, sqlc and atlas schema
// files, pg_dump output) are kept whole but for the psql parts.
func upSQL(src []byte) []byte {
	out := bytes.Clone(src)
	up := true      // inside an up section (or a file without sections)
	inCopy := false // inside the data rows of COPY ... FROM stdin
	tern := false   // below tern's separator: nothing more applies
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := string(src[start:end])
		trimmed := strings.TrimSpace(line)
		drop := false
		switch {
		case inCopy:
			drop = true
			if strings.TrimRight(line, "\r") == `\.` {
				inCopy = false
			}
		case tern:
			drop = true
		default:
			switch sectionMarker(trimmed) {
			case markUp:
				up = true
			case markDown:
				up = false
			case markTern:
				tern, drop = true, true
			default:
				switch {
				case !up:
					drop = true
				case isMetaCommand(line):
					drop = true
				case isCopyFromStdin(trimmed):
					inCopy = true
				}
			}
		}
		if drop {
			blank(out[start:end])
		}
		start = end + 1
	}
	return out
}

type marker int

const (
	markNone marker = iota
	markUp
	markDown
	markTern // tern's "---- create above / drop below ----"
)

// sectionMarker recognises the section comments of goose (-- +goose Up),
// sql-migrate (-- +migrate Up), dbmate (-- migrate:up) and tern. Options
// after the marker (goose's NO TRANSACTION lives on its own line; dbmate's
// transaction:false and sql-migrate's notransaction follow it) are ignored.
// goose's and sql-migrate's StatementBegin/End need no handling: they only
// stop those tools' own naive splitting at semicolons, and the PostgreSQL
// parser already knows where a function body ends.
func sectionMarker(line string) marker {
	if !strings.HasPrefix(line, "--") {
		return markNone
	}
	f := strings.Fields(line)
	if strings.Join(f, " ") == "---- create above / drop below ----" {
		return markTern
	}
	// Accept both "-- +goose Up" and "--+goose Up".
	f = strings.Fields(strings.TrimPrefix(line, "--"))
	if len(f) == 0 {
		return markNone
	}
	switch strings.ToLower(f[0]) {
	case "+goose", "+migrate":
		if len(f) > 1 {
			switch strings.ToLower(f[1]) {
			case "up":
				return markUp
			case "down":
				return markDown
			}
		}
	case "migrate:up":
		return markUp
	case "migrate:down":
		return markDown
	}
	return markNone
}

// isMetaCommand reports whether a line is a psql meta-command such as
// pg_dump's \connect, \restrict and \unrestrict, or a stray \. line. psql
// treats a backslash outside quotes as the start of a meta-command; pg_dump
// writes them at the start of a line, and requiring a letter (or the dot)
// after the backslash keeps a function body line like `\$` untouched.
func isMetaCommand(line string) bool {
	t := strings.TrimLeft(line, " \t")
	if len(t) < 2 || t[0] != '\\' {
		return false
	}
	c := t[1]
	return c == '.' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// isCopyFromStdin reports whether a line is a COPY whose data follows in
// the file, up to a line `\.`, as pg_dump writes table contents.
func isCopyFromStdin(trimmed string) bool {
	u := strings.ToUpper(trimmed)
	return strings.HasPrefix(u, "COPY ") && strings.Contains(u, " FROM STDIN") && strings.HasSuffix(u, ";")
}

// blank replaces every byte of b but line breaks with a space.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
}

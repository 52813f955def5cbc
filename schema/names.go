package schema

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// This file reproduces the names PostgreSQL gives unnamed constraints and
// indexes (ChooseConstraintName, ChooseIndexName), because migrations
// drop and rename them by those names: DROP CONSTRAINT users_email_key.
// The numeric suffix PostgreSQL adds on a clash is not modelled.

// maxIdentifier is NAMEDATALEN-1, the longest identifier PostgreSQL keeps.
const maxIdentifier = 63

// implicitConstraintName is the name PostgreSQL gives a constraint
// without one: users_pkey, users_email_key, users_org_id_fkey,
// users_age_check, users_check (a check on several columns).
func implicitConstraintName(table string, k *Constraint) string {
	switch k.Kind {
	case PrimaryKey:
		return ObjectName(table, "", "pkey")
	case Unique:
		return ObjectName(table, indexNameAddition(k.Columns), "key")
	case Exclusion:
		return ObjectName(table, indexNameAddition(k.Columns), "excl")
	case ForeignKey:
		return ObjectName(table, indexNameAddition(k.Columns), "fkey")
	case Check:
		if cols := distinct(k.Columns); len(cols) == 1 {
			return ObjectName(table, cols[0], "check")
		}
		return ObjectName(table, "", "check")
	}
	return ""
}

// indexNameAddition joins column names with "_", stopping once the result
// is too long to matter, as ChooseIndexNameAddition does.
func indexNameAddition(cols []string) string {
	var b strings.Builder
	for _, c := range cols {
		if c == "" {
			c = "expr"
		}
		if b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteString(c)
		if b.Len() >= maxIdentifier {
			break
		}
	}
	return clip(b.String(), maxIdentifier)
}

// ObjectName is PostgreSQL's makeObjectName: name1_name2_label, with the
// longer of name1 and name2 shortened until the whole fits.
func ObjectName(name1, name2, label string) string {
	overhead := 0
	if label != "" {
		overhead += len(label) + 1
	}
	if name2 != "" {
		overhead++
	}
	avail := maxIdentifier - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail && n1+n2 > 0 {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	name := clip(name1, n1)
	if name2 != "" {
		name += "_" + clip(name2, n2)
	}
	if label != "" {
		name += "_" + label
	}
	return name
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func distinct(list []string) []string {
	var out []string
	for _, s := range list {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

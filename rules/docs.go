package rules

import (
	"fmt"
	"strings"
)

// Markdown renders the rule's documentation page, docs/rules/<ID>.md.
func (r *Rule) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s.\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "## Why\n\n%s\n\n", unwrap(r.Why))
	if !r.SchemaRule() {
		schema := r.Schema
		if schema == "" {
			schema = DocSchema
		}
		fmt.Fprintf(&b, "## Examples\n\nWith this schema:\n\n```sql\n%s\n```\n\n", schema)
	} else {
		b.WriteString("## Examples\n\n")
	}
	fmt.Fprintf(&b, "Reported:\n\n```sql\n%s\n```\n\nNot reported:\n\n```sql\n%s\n```\n\n", r.Bad, r.Good)
	fmt.Fprintf(&b, "## Fix\n\n%s\n\n", unwrap(r.Fix))
	b.WriteString("## Config\n\n")
	fmt.Fprintf(&b, "Turn the rule off with `rules: {disable: [%s]}` in `.softdelete.yml` (or in golangci-lint's settings). ", r.ID)
	if r.SchemaRule() {
		b.WriteString("Suppress one finding with `-- softdelete:ignore <reason>` on the line of the constraint or column, or the line above.")
	} else {
		b.WriteString("Suppress one finding with `//softdelete:ignore <reason>` on or above the Go line, or `-- softdelete:ignore <reason>` in the SQL.")
	}
	if r.ExcusedByIncludeDeleted {
		b.WriteString(" A query built by an ORM call that says it means deleted rows or a hard delete (gorm's `Unscoped()`, bun's `WhereAllWithDeleted()` or `ForceDelete()`) is not reported.")
	}
	b.WriteString("\n\n")
	if r.Callers != "" {
		fmt.Fprintf(&b, "## Not reported where the Go code shows which rows\n\n%s\n\n", unwrap(r.Callers))
	}
	if r.Limits != "" {
		fmt.Fprintf(&b, "## Known limits\n\n%s\n", unwrap(r.Limits))
	}
	return b.String()
}

// SummaryTable renders the README's table of rules: each rule's ID,
// linked to its page, and its title.
func SummaryTable() string {
	var b strings.Builder
	b.WriteString("| rule | problem |\n|---|---|\n")
	for _, r := range All {
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | %s |\n", r.ID, r.ID, r.Title)
	}
	return b.String()
}

// unwrap joins the hard-wrapped lines of each paragraph.
func unwrap(text string) string {
	paras := strings.Split(strings.TrimSpace(text), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}

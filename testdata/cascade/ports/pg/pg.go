// Package pg implements package ports with PostgreSQL.
package pg

import (
	"context"
	"database/sql"

	"example.com/shop/cascade/ports"
)

var _ ports.ProjectStore = (*Projects)(nil)

// Projects implements ports.ProjectStore.
type Projects struct{ db *sql.DB }

// Archive soft-deletes a project and nothing else: its callers cascade.
// They call it through ports.ProjectStore from packages that do not
// import this one, which no fact of this package reaches: not judged
// (softdelete explain says so).
func (p *Projects) Archive(ctx context.Context, id int64) error { // want Archive:`writes\(projects:id\)` Archive:`callercascades\(projects\)`
	_, err := p.db.ExecContext(ctx, "UPDATE projects SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

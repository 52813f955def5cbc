// Package unjudged holds builder chains softdelete does not rebuild, each
// for a reason explain gives (checked by the explain test).
package unjudged

import (
	"context"
	"database/sql"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

type Note struct {
	ID        int64
	Body      string
	DeletedAt *time.Time
}

type Store struct{ db *gorm.DB }

// Save inserts or updates every column, as the value's key decides.
func (s *Store) SaveNote(n *Note) error {
	return s.db.Save(n).Error
}

// Updates sets the value's fields that are not zero.
func (s *Store) UpdateNote(n *Note) error {
	return s.db.Model(n).Updates(n).Error
}

// A base query from an interface method: any implementation may build it.
type base interface{ Users() sq.SelectBuilder }

func Named(db *sql.DB, b base, name string) (*sql.Rows, error) {
	return b.Users().Where(sq.Eq{"name": name}).RunWith(db).Query()
}

// bun counts a DISTINCT query in a CTE of its own; the query it counts
// is judged where it is sent.
func TeamsWithUsers(ctx context.Context, db *bun.DB) (int64, error) {
	return db.NewSelect().Table("users").Column("team_id").Distinct().Count(ctx)
}

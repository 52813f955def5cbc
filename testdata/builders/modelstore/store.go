// Package modelstore uses ORM models whose tables the migrations do not
// create (widgets, gadgets): the models declare them, soft-delete column
// and all, and SQL written by hand against them is checked as if the
// migrations had them.
package modelstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

// User's table is in the migrations: they win over the model.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID        int64 `bun:",pk,autoincrement"`
	Email     string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// Widget's table is not in the migrations: the model declares it.
type Widget struct {
	bun.BaseModel `bun:"table:widgets,alias:w"`

	ID        int64 `bun:",pk,autoincrement"`
	UserID    int64
	Name      string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// Gadget's table is not in the migrations either (gorm.DeletedAt).
type Gadget struct {
	ID        int64
	Name      string
	DeletedAt gorm.DeletedAt
}

type Store struct {
	db  *bun.DB
	gdb *gorm.DB
}

func New(db *bun.DB, gdb *gorm.DB) *Store { return &Store{db: db, gdb: gdb} }

// The ORM filters its model queries itself: not reported.
func (s *Store) Widgets(ctx context.Context, name string) ([]Widget, error) {
	var ws []Widget
	err := s.db.NewSelect().Model(&ws).Where("name = ?", name).Scan(ctx)
	return ws, err
}

func (s *Store) DeleteWidget(ctx context.Context, id int64) error {
	_, err := s.db.NewDelete().Model((*Widget)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

func (s *Store) Gadgets(name string) ([]Gadget, error) {
	var gs []Gadget
	err := s.gdb.Where("name = ?", name).Find(&gs).Error
	return gs, err
}

// A raw join onto the model's table, without its filter.
func (s *Store) UsersWithWidgets(ctx context.Context) ([]User, error) { // want UsersWithWidgets:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN widgets AS w ON w.user_id = u.id"). // want `widgets is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
		Scan(ctx)
	return us, err
}

func (s *Store) UsersWithLiveWidgets(ctx context.Context) ([]User, error) { // want UsersWithLiveWidgets:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN widgets AS w ON w.user_id = u.id AND w.deleted_at IS NULL").
		Scan(ctx)
	return us, err
}

// Raw SQL against the models' tables.
func (s *Store) GadgetNames() ([]string, error) {
	var names []string
	err := s.gdb.Raw("SELECT name FROM gadgets ORDER BY name").Scan(&names).Error // want `gadgets is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return names, err
}

func (s *Store) PurgeGadget(id int64) error {
	return s.gdb.Exec("DELETE FROM gadgets WHERE id = ?", id).Error // want `gadgets is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
}

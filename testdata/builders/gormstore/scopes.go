package gormstore

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Reads as gorm services write them: scopes kept beside the store, Or
// and Not conditions.

// notDeleted is the scope the store applies to tables it reads by name.
func notDeleted(db *gorm.DB) *gorm.DB { return db.Where("deleted_at IS NULL") }

// inTeam returns the scope that keeps one team's rows.
func inTeam(team int64) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Where("team_id = ?", team)
	}
}

// Only the team scope on a table read by name: reported.
func (s *Store) TeamRows(team int64) ([]map[string]any, error) {
	var m []map[string]any
	err := s.db.Table("users").Scopes(inTeam(team)).Find(&m).Error // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return m, err
}

// Both scopes: not reported.
func (s *Store) LiveTeamRows(team int64) ([]map[string]any, error) { // want LiveTeamRows:`reads\(live: users; deleted: \)`
	var m []map[string]any
	err := s.db.Table("users").Scopes(notDeleted, inTeam(team)).Find(&m).Error
	return m, err
}

// The live filter is one side of an OR: reported.
func (s *Store) LiveOrNamed(name string) ([]map[string]any, error) {
	var m []map[string]any
	err := s.db.Table("users").Where("deleted_at IS NULL").Or("name = ?", name).Find(&m).Error // want `users is a soft-delete table \(deleted_at\) but this SELECT filters deleted rows in only some branches of an OR`
	return m, err
}

// On a model gorm puts the OR in parentheses before its own filter: not
// reported.
func (s *Store) NamedOrEmailed(name, email string) ([]User, error) { // want NamedOrEmailed:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Model(&User{}).Where("name = ?", name).Or("email = ?", email).Find(&us).Error
	return us, err
}

// Deleted rows asked for with Not: not reported.
func (s *Store) DeletedNotes() ([]Note, error) { // want DeletedNotes:`reads\(live: ; deleted: notes\)`
	var ns []Note
	err := s.db.Not("deleted_at IS NULL").Find(&ns).Error
	return ns, err
}

// Not on another column leaves deleted notes in: reported.
func (s *Store) NotesNotEmpty() ([]Note, error) {
	var ns []Note
	err := s.db.Not("body = ?", "").Find(&ns).Error // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

// A row read under a lock: not reported on a model.
func (s *Store) LockUser(id int64) (User, error) { // want LockUser:`reads\(live: users; deleted: \)`
	var u User
	err := s.db.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Where("id = ?", id).First(&u).Error
	return u, err
}

// The same lock on a table read by name: reported.
func (s *Store) LockNoteRow(body string) (map[string]any, error) {
	m := map[string]any{}
	err := s.db.Table("notes").Clauses(clause.Locking{Strength: "SHARE", Options: "NOWAIT"}).Where("body = ?", body).Take(&m).Error // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return m, err
}

// Order's deleted column is a plain *time.Time; its user is loaded with
// it.
type Order struct {
	ID        int64
	UserID    int64
	User      User
	Total     float64
	DeletedAt *time.Time
}

// Preload loads the users in a query of its own; this one still reads
// deleted orders: reported.
func (s *Store) BigOrders() ([]Order, error) {
	var os []Order
	err := s.db.Preload("User").Where("total > ?", 100).Find(&os).Error // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return os, err
}

// With the filter: not reported.
func (s *Store) LiveBigOrders() ([]Order, error) { // want LiveBigOrders:`reads\(live: orders; deleted: \)`
	var os []Order
	err := s.db.Preload("User").Where("total > ? AND deleted_at IS NULL", 100).Find(&os).Error
	return os, err
}

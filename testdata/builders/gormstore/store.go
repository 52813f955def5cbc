// Package gormstore reads and writes through gorm.
package gormstore

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"example.com/builders/gormmodels"
)

// User has a gorm.DeletedAt: gorm filters its queries itself.
type User struct {
	ID        int64
	Email     string
	Name      string
	TeamID    int64
	DeletedAt gorm.DeletedAt
}

// Invoice embeds gorm.Model, which has a gorm.DeletedAt.
type Invoice struct {
	gorm.Model
	UserID int64
	Amount int64
}

// Note's deleted column is a plain *time.Time: gorm adds no filter.
type Note struct {
	ID        int64
	Body      string
	DeletedAt *time.Time
}

// Memo maps to the notes table with a sql.NullTime: no filter either.
type Memo struct {
	ID        int64
	Body      string
	DeletedAt sql.NullTime
}

func (Memo) TableName() string { return "notes" } // want TableName:`tablename\(notes\)`

type Store struct{ db *gorm.DB }

func New(db *gorm.DB) *Store { return &Store{db: db} }

// Model queries are filtered by gorm: not reported.
func (s *Store) UsersNamed(name string) ([]User, error) { // want UsersNamed:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Where("name = ?", name).Find(&us).Error
	return us, err
}

func (s *Store) TeamUsers(ctx context.Context, team int64) ([]User, error) { // want TeamUsers:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.WithContext(ctx).Model(&User{}).Where("team_id = ? OR name = ?", team, "x").Order("email").Find(&us).Error
	return us, err
}

func (s *Store) FirstUser(id int64) (User, error) { // want FirstUser:`reads\(live: users; deleted: \)`
	var u User
	err := s.db.First(&u, id).Error
	return u, err
}

func (s *Store) CountUsers() (int64, error) { // want CountUsers:`reads\(live: users; deleted: \)`
	var n int64
	err := s.db.Model(&User{}).Count(&n).Error
	return n, err
}

func (s *Store) UsersByMap() ([]User, error) { // want UsersByMap:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Where(map[string]any{"team_id": 1, "name": "x"}).Find(&us).Error
	return us, err
}

func (s *Store) UsersByStruct() ([]User, error) { // want UsersByStruct:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Where(&User{Name: "x", TeamID: 0}).Find(&us).Error
	return us, err
}

func (s *Store) UsersIn() ([]User, error) { // want UsersIn:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Where("id IN ?", []int64{1, 2}).Find(&us).Error
	return us, err
}

// Table with a model destination: gorm still adds the filter.
func (s *Store) UsersTable() ([]User, error) { // want UsersTable:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Table("users").Where("team_id = ?", 1).Find(&us).Error
	return us, err
}

func (s *Store) Invoices() ([]Invoice, error) { // want Invoices:`reads\(live: invoices; deleted: \)`
	var invs []Invoice
	err := s.db.Where("amount > ?", 0).Order("id").Limit(10).Find(&invs).Error
	return invs, err
}

// Unscoped is explicit: deleted rows are wanted. Not reported.
func (s *Store) AllUsers() ([]User, error) {
	var us []User
	err := s.db.Unscoped().Find(&us).Error
	return us, err
}

// Table without a model: no filter from gorm.
func (s *Store) UserMaps() ([]map[string]any, error) {
	var m []map[string]any
	err := s.db.Table("users").Find(&m).Error // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return m, err
}

// A string join: gorm filters the model's table, not the joined one.
func (s *Store) UsersWithOrders() ([]User, error) { // want UsersWithOrders:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.Joins("JOIN orders ON orders.user_id = users.id").Find(&us).Error // want `orders is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
	return us, err
}

func (s *Store) UsersWithLiveOrders() ([]User, error) { // want UsersWithLiveOrders:`reads\(live: orders, users; deleted: \)`
	var us []User
	err := s.db.Joins("JOIN orders ON orders.user_id = users.id AND orders.deleted_at IS NULL").Find(&us).Error
	return us, err
}

// A plain *time.Time or sql.NullTime column gets no filter from gorm.
func (s *Store) Notes() ([]Note, error) {
	var ns []Note
	err := s.db.Find(&ns).Error // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

func (s *Store) LiveNotes() ([]Note, error) { // want LiveNotes:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.db.Where("deleted_at IS NULL").Find(&ns).Error
	return ns, err
}

func (s *Store) Memos() ([]Memo, error) {
	var ms []Memo
	err := s.db.Where("body <> ?", "").Find(&ms).Error // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ms, err
}

// Raw and Exec are plain SQL.
func (s *Store) RawUsers() ([]map[string]any, error) {
	var rows []map[string]any
	err := s.db.Raw("SELECT id, email FROM users WHERE team_id = ?", 1).Scan(&rows).Error // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return rows, err
}

func (s *Store) RawLiveUsers() ([]map[string]any, error) { // want RawLiveUsers:`reads\(live: users; deleted: \)`
	var rows []map[string]any
	err := s.db.Raw("SELECT id, email FROM users WHERE deleted_at IS NULL").Scan(&rows).Error
	return rows, err
}

func (s *Store) ExecRename(id int64, name string) error { // want ExecRename:`deferred\(missing-filter users gormstore/store.go:166\[0 1\]\)`
	return s.db.Exec("UPDATE users SET name = ? WHERE id = ?", name, id).Error
}

// Writes through the model.
func (s *Store) RenameUser(name string) error {
	return s.db.Model(&User{ID: 1}).Update("name", name).Error
}

func (s *Store) RetitleInvoices() error {
	return s.db.Model(&Invoice{}).Where("user_id = ?", 1).Updates(map[string]any{"amount": 0}).Error
}

// A soft delete (gorm writes an UPDATE of deleted_at): not reported.
func (s *Store) DeleteUser(id int64) error { // want DeleteUser:`writes\(users:id\)`
	return s.db.Delete(&User{}, id).Error
}

// Unscoped: a deliberate hard delete. Not reported.
func (s *Store) PurgeUser(id int64) error { // want PurgeUser:`writes\(users:id\)`
	return s.db.Unscoped().Delete(&User{}, id).Error
}

// No gorm.DeletedAt: Delete is a hard DELETE of a soft-delete table.
func (s *Store) DeleteNote(id int64) error { // want DeleteNote:`writes\(notes:id\)` DeleteNote:`deferred\(hard\-delete notes gormstore/store\.go:190\[0\]\)`
	return s.db.Delete(&Note{}, id).Error // want `hard-delete`
}

func (s *Store) CreateUser(email string) error {
	return s.db.Create(&User{Email: email}).Error
}

// A model of another package: its TableName comes as a fact, and gorm
// filters it. Not reported.
func (s *Store) Archives() ([]gormmodels.Archive, error) { // want Archives:`reads\(live: notes; deleted: \)`
	var as []gormmodels.Archive
	err := s.db.Where("body <> ?", "").Find(&as).Error
	return as, err
}

// A restore of a note (its deleted column is a plain *time.Time, which
// gorm leaves to the code): no soft delete, so no redelete.
func (s *Store) RestoreNote(id int64) error {
	return s.db.Model(&Note{ID: id}).Update("deleted_at", nil).Error
}

func (s *Store) ArchiveNote(id int64, at time.Time) error { // want ArchiveNote:`writes\(notes:id\)` ArchiveNote:`deferred\(redelete notes gormstore/store\.go:212\[0 1\]\)`
	return s.db.Model(&Note{ID: id}).Update("deleted_at", at).Error // want `notes is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too`
}

// Keys of a named integer type are primary keys to gorm, as plain ones.
type NoteID int64

type UserID int64

func (s *Store) PurgeNote(id NoteID) error { // want PurgeNote:`writes\(notes:id\)` PurgeNote:`deferred\(hard\-delete notes gormstore/store\.go:221\[0\]\)`
	return s.db.Delete(&Note{}, id).Error // want `notes is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
}

func (s *Store) DeleteUserByID(id UserID) error { // want DeleteUserByID:`writes\(users:id\)`
	return s.db.Delete(&User{}, id).Error
}

// Member is a row of a report: no model, no filter from gorm.
type Member struct {
	ID   int64
	Name string
}

// Scan runs the chain's own SELECT: a destination that is no model adds
// no soft-delete scope, a Model does.
func (s *Store) TeamMembers(team int64) ([]Member, error) {
	var rows []Member
	err := s.db.Table("users").Select("id, name").Where("team_id = ?", team).Scan(&rows).Error // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return rows, err
}

func (s *Store) LiveTeamMembers(team int64) ([]Member, error) { // want LiveTeamMembers:`reads\(live: users; deleted: \)`
	var rows []Member
	err := s.db.Table("users").Select("id, name").Where("team_id = ? AND deleted_at IS NULL", team).Scan(&rows).Error
	return rows, err
}

func (s *Store) ModelTeamMembers(team int64) ([]Member, error) { // want ModelTeamMembers:`reads\(live: users; deleted: \)`
	var rows []Member
	err := s.db.Model(&User{}).Select("id, name").Where("team_id = ?", team).Scan(&rows).Error
	return rows, err
}

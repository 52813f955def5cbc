package gormstore

import "gorm.io/gorm"

// Store helpers with a type parameter, as gorm services write them: each
// call reads the table of the model it is called with.

// list reads the rows of any model that match a condition.
func list[T any](db *gorm.DB, cond string, args ...any) ([]T, error) {
	var out []T
	err := db.Where(cond, args...).Find(&out).Error
	return out, err
}

// Notes have no gorm.DeletedAt: this call reads deleted notes. Reported
// at the call.
func (s *Store) NotesWithBody(body string) ([]Note, error) {
	return list[Note](s.db, "body = ?", body) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// gorm filters users itself: not reported.
func (s *Store) UsersOnTeam(team int64) ([]User, error) { // want UsersOnTeam:`reads\(live: users; deleted: \)`
	return list[User](s.db, "team_id = ?", team)
}

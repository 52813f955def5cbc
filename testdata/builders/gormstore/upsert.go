package gormstore

import (
	"gorm.io/gorm/clause"
)

// Emails are unique among live users only (users_email_live is partial on
// deleted_at IS NULL): an upsert by email must say so in its target.

// SaveProfile upserts by email without the index's predicate: PostgreSQL
// fails with 42P10 on every call.
func (s *Store) SaveProfile(email, name string) error {
	return s.db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "email"}},
		DoUpdates: clause.AssignmentColumns([]string{"name"}),
	}).Create(&User{Email: email, Name: name}).Error // want `ON CONFLICT \(email\) on users can only use the partial unique index users_email_live, but the target does not repeat its predicate`
}

// SaveLiveProfile repeats the predicate: it works.
func (s *Store) SaveLiveProfile(email, name string) error {
	return s.db.Clauses(clause.OnConflict{
		Columns:     []clause.Column{{Name: "email"}},
		TargetWhere: clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: "deleted_at IS NULL"}}},
		DoUpdates:   clause.AssignmentColumns([]string{"name"}),
	}).Create(&User{Email: email, Name: name}).Error
}

// Invite adds the address unless an account has it: any conflict does
// nothing.
func (s *Store) Invite(email string) error {
	return s.db.Clauses(clause.OnConflict{DoNothing: true}).Create(&User{Email: email}).Error
}

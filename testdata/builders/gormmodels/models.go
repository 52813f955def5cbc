// Package gormmodels declares a gorm model used from another package:
// its table name reaches the callers as a fact.
package gormmodels

import "gorm.io/gorm"

// Archive is kept in the notes table, soft-deleted by gorm.
type Archive struct {
	ID        int64
	Body      string
	DeletedAt gorm.DeletedAt
}

func (Archive) TableName() string { return "notes" } // want TableName:`tablename\(notes\)`

// Package gormflags is a gorm service whose models all embed gorm.Model,
// as generated code and tutorials write them, while only some of them
// are ever deleted. AutoMigrate creates the tables from the models.
package gormflags

import "gorm.io/gorm"

// Flag is deleted by DeleteFlag: a deleted flag keeps its key.
type Flag struct {
	gorm.Model
	Key  string `gorm:"uniqueIndex"` // want `gorm model Flag: unique index idx_flags_key on flags \(key\) counts soft-deleted rows`
	Tags []Tag  `gorm:"many2many:flags_tags"`
}

// Tag is only ever created and detached from flags: nothing deletes a
// tag, so gorm.Model's DeletedAt is never set and its key is right.
type Tag struct {
	gorm.Model
	Value string `gorm:"uniqueIndex"`
}

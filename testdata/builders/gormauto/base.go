// Package gormauto's schema is its gorm models: AutoMigrate creates the
// tables, with the unique keys their tags declare.
package gormauto

import (
	"time"

	"gorm.io/gorm"
)

// Model is the base every soft-deleted model embeds.
type Model struct {
	ID        uint `gorm:"primaryKey"`
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`
}

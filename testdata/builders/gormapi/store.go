// Package gormapi reads tables another service owns through read-only
// gorm models. Their DeletedAt is a nullable time of the service's own,
// not gorm.DeletedAt: gorm adds no soft-delete scope to their queries.
package gormapi

import (
	"gorm.io/gorm"

	"example.com/builders/gormapi/nulls"
)

// BillableMetric is soft-deleted by the other service (tables.include
// names its table): a query that does not test DeletedAt reads deleted
// metrics.
type BillableMetric struct {
	ID             string     `gorm:"primaryKey;->"`
	OrganizationID string     `gorm:"->"`
	Code           string     `gorm:"->"`
	DeletedAt      nulls.Time `gorm:"index;->"`
}

// Plan has the same kind of field, but nothing says its rows are ever
// deleted: its DeletedAt marks nothing.
type Plan struct {
	ID        string     `gorm:"primaryKey;->"`
	Code      string     `gorm:"->"`
	DeletedAt nulls.Time `gorm:"->"`
}

// DB wraps the connection, as the service's other stores share it.
type DB struct{ Connection *gorm.DB }

type APIStore struct{ db *DB }

func New(db *gorm.DB) *APIStore { return &APIStore{db: &DB{Connection: db}} }

func (s *APIStore) FetchBillableMetric(organizationID, code string) (*BillableMetric, error) {
	var bm BillableMetric
	result := s.db.Connection.First(&bm, "organization_id = ? AND code = ?", organizationID, code) // want `billable_metrics is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	if result.Error != nil {
		return nil, result.Error
	}
	return &bm, nil
}

func (s *APIStore) FetchLiveBillableMetric(organizationID, code string) (*BillableMetric, error) {
	var bm BillableMetric
	result := s.db.Connection.First(&bm, "organization_id = ? AND code = ? AND deleted_at IS NULL", organizationID, code)
	if result.Error != nil {
		return nil, result.Error
	}
	return &bm, nil
}

func (s *APIStore) FetchPlan(code string) (*Plan, error) {
	var p Plan
	if err := s.db.Connection.Where("code = ?", code).First(&p).Error; err != nil {
		return nil, err
	}
	return &p, nil
}

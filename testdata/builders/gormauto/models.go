package gormauto

import "gorm.io/gorm"

// Account's email is unique over deleted accounts too: a deleted
// account's address can never sign up again.
type Account struct {
	Model
	Email string `gorm:"uniqueIndex" json:"email"` // want `gorm model Account: unique index idx_accounts_email on accounts \(email\) counts soft-deleted rows: .* make it partial: tag the field gorm:"uniqueIndex:,where:deleted_at IS NULL"`
	Name  string
}

// Device's key is unique among live devices only.
type Device struct {
	Model
	Serial string `gorm:"uniqueIndex:,where:deleted_at IS NULL"`
}

// Provider's domain is a unique constraint.
type Provider struct {
	Model
	Domain string `gorm:"unique;not null"` // want `gorm model Provider: unique constraint uni_providers_domain on providers \(domain\) counts soft-deleted rows`
}

// Membership's key spans two fields by name; the second tag makes it
// partial on live rows for the pair.
type Membership struct {
	Model
	TeamID    uint `gorm:"uniqueIndex:idx_member,priority:1"` // want `gorm model Membership: unique index idx_member on memberships \(team_id, account_id\) counts soft-deleted rows: .* tag the fields gorm:"uniqueIndex:idx_member,where:deleted_at IS NULL"`
	AccountID uint `gorm:"uniqueIndex:idx_member,priority:2"`
}

type LiveMembership struct {
	Model
	TeamID    uint `gorm:"index:idx_live_member,unique,where:deleted_at IS NULL"`
	AccountID uint `gorm:"index:idx_live_member,unique"`
}

// Badge is deleted for good (no gorm.DeletedAt): a unique code is right.
type Badge struct {
	ID   uint
	Code string `gorm:"uniqueIndex"`
}

// Plan is plain gorm.Model, soft-deleted.
type Plan struct {
	gorm.Model
	Code string `gorm:"uniqueIndex:idx_plan_code"` // want `gorm model Plan: unique index idx_plan_code on plans \(code\) counts soft-deleted rows: .* gorm:"uniqueIndex:idx_plan_code,where:deleted_at IS NULL"`
}

// Coupon's code is unique with the soft-delete column: a key of
// unique-nulls-distinct, not of this rule.
type Coupon struct {
	ID        uint
	Code      string         `gorm:"uniqueIndex:idx_coupon_code"`
	DeletedAt gorm.DeletedAt `gorm:"uniqueIndex:idx_coupon_code"`
}

// User's table is in the migrations, which are its schema: its tags
// create nothing.
type User struct {
	Model
	Email string `gorm:"uniqueIndex"`
}

// Session's token is random: still reported, as a random key of a
// migrations table is (the schema cannot tell random from natural).
type Session struct {
	Model
	//softdelete:ignore tokens are random, a deleted one never comes back
	Token string `gorm:"uniqueIndex"`
}

// A where: option that is no PostgreSQL predicate: AutoMigrate cannot
// create the index, and nothing is judged of it.
type Label struct {
	Model
	Slug string `gorm:"uniqueIndex:,where:deleted_at IS"`
}

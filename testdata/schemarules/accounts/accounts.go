// Package accounts upserts against the partial unique indexes.
package accounts

import (
	"context"
	"database/sql"
)

func UpsertTeam(ctx context.Context, db *sql.DB, slug string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO teams (slug, name) VALUES ($1, $1) ON CONFLICT (slug) DO NOTHING", slug) // want `ON CONFLICT \(slug\) on teams can only use the partial unique index teams_slug_live, but the target does not repeat its predicate: PostgreSQL fails with 42P10 .*; write ON CONFLICT \(slug\) WHERE deleted_at IS NULL \[on-conflict-partial\]`
	return err
}

func UpsertTeamRight(ctx context.Context, db *sql.DB, slug string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO teams (slug, name) VALUES ($1, $1) ON CONFLICT (slug) WHERE deleted_at IS NULL DO UPDATE SET name = excluded.name", slug)
	return err
}

// A total unique key (even one that counts deleted rows) is a valid target.
func UpsertUser(ctx context.Context, db *sql.DB, email string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO users (email, handle) VALUES ($1, $1) ON CONFLICT (email) DO NOTHING", email)
	return err
}

func UpsertProjectOnConstraint(ctx context.Context, db *sql.DB, key string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO projects (key) VALUES ($1) ON CONFLICT ON CONSTRAINT projects_key DO NOTHING", key)
	return err
}

func UpsertProjectOnIndex(ctx context.Context, db *sql.DB, key string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO projects (key) VALUES ($1) ON CONFLICT ON CONSTRAINT projects_key_live DO NOTHING", key) // want `ON CONFLICT ON CONSTRAINT projects_key_live names a unique index of projects, not a constraint`
	return err
}

func UpsertInvite(ctx context.Context, db *sql.DB, email string) error {
	_, err := db.ExecContext(ctx, `INSERT INTO invites (email) VALUES ($1)
		ON CONFLICT (email) WHERE deleted_at IS NULL AND email <> '' DO NOTHING`, email)
	return err
}

func UpsertInviteOtherPredicate(ctx context.Context, db *sql.DB, email string) error {
	_, err := db.ExecContext(ctx, "INSERT INTO invites (email) VALUES ($1) ON CONFLICT (email) WHERE email <> '' DO NOTHING", email) // want `ON CONFLICT \(email\) on invites can only use the partial unique index invites_email_live`
	return err
}
